import { z } from "zod";

// Which e-mails a platform's owners receive; pure, for the route and the client hook.

export const notificationSettingsSchema = z
  .object({
    new_sale: z.boolean().meta({ description: "E-mail the owners on every sale (`purchase.completed`)." }),
    refund: z.boolean().meta({ description: "E-mail the owners when a payment is refunded (`refund.created`)." }),
    dispute: z.boolean().meta({ description: "E-mail the owners when a buyer disputes a payment (`dispute.created`)." }),
    is_owner: z.boolean().meta({ description: "The caller owns the platform and may change these." }),
  })
  .meta({ id: "NotificationSettings", description: "E-mails to the platform's owners; each can be turned off. Buyers' e-mails are always sent." });
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;

export const notificationSettingsInput = z
  .object({
    new_sale: z.boolean().optional(),
    refund: z.boolean().optional(),
    dispute: z.boolean().optional(),
  })
  .meta({ id: "NotificationSettingsInput", description: "The settings to change; those left out stay as they are." });
export type NotificationSettingsInput = z.infer<typeof notificationSettingsInput>;
