import { z } from "zod";

// Whether a platform offers "Tip the creator". Pure: the settings card imports the types.

export const tipSettingsSchema = z
  .object({ tips_enabled: z.boolean().meta({ description: "Item pages and /buy offer a one-time tip to the creator." }) })
  .meta({ id: "TipSettings" });
export type TipSettings = z.infer<typeof tipSettingsSchema>;

export const tipSettingsInput = z.object({ tips_enabled: z.boolean() });
export type TipSettingsInput = z.infer<typeof tipSettingsInput>;
