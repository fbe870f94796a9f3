import { z } from "zod";
import { bpsSchema } from "./commission";
import { itemTypeSchema, normalizeItemType } from "./item-types";

// The operator console's requests and answers. No database here: the browser hooks in
// lib/queries/operator-platforms.ts and the console components share these types.

export const platformKeySchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, "Key must be at least 2 characters.")
  .max(40)
  .regex(/^[a-z0-9][a-z0-9-]*$/, "Key may hold lower-case letters, digits and dashes.");

/** An item type as a client may write it, stored form out (`workshop` → `custom:workshop`). */
const itemTypeKey = itemTypeSchema.transform((raw, ctx) => {
  const stored = normalizeItemType(raw);
  if (!stored) {
    ctx.addIssue({ code: "custom", message: "Item type is too long once prefixed with custom:." });
    return z.NEVER;
  }
  return stored;
});

export const createPlatformInput = z.object({
  key: platformKeySchema,
  name: z.string().trim().min(1, "Name is required.").max(120),
});
export type CreatePlatformInput = z.infer<typeof createPlatformInput>;
export type CreatePlatformRequest = z.input<typeof createPlatformInput>;

export const updatePlatformInput = z
  .object({
    name: z.string().trim().min(1).max(120),
    enable_monetization: z.boolean(),
    show_paywall: z.boolean(),
    default_commission_bps: bpsSchema,
    commission_bps: z.record(itemTypeKey, bpsSchema).meta({ description: "Item type → basis points; merged into the current overrides." }),
    allowed_domains: z.array(z.url({ protocol: /^https?$/ }).transform((u) => new URL(u).origin)).max(20),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "Nothing to update.");
export type UpdatePlatformInput = z.infer<typeof updatePlatformInput>;
export type PlatformPatch = z.input<typeof updatePlatformInput>;

export const MEMBER_ROLES = ["owner", "admin", "member"] as const;

export const addMemberInput = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid e-mail address.")),
  role: z.enum(MEMBER_ROLES).default("member"),
});
export type AddMemberInput = z.infer<typeof addMemberInput>;
export type AddMemberRequest = z.input<typeof addMemberInput>;

export const operatorPlatformSchema = z
  .object({
    key: z.string(),
    name: z.string(),
    enable_monetization: z.boolean(),
    show_paywall: z.boolean(),
    default_commission_bps: z.number().int(),
    commission_bps: z.record(z.string(), z.number().int()).meta({ description: "Item type → basis points: every built-in type and each override." }),
    allowed_domains: z.array(z.string()),
    stripe_account_id: z.string().nullable(),
    created_at: z.iso.datetime(),
  })
  .meta({ id: "OperatorPlatform" });
export type OperatorPlatform = z.infer<typeof operatorPlatformSchema>;

export const operatorPlatformRowSchema = operatorPlatformSchema.extend({ member_count: z.number().int() }).meta({ id: "OperatorPlatformRow" });
export type OperatorPlatformRow = z.infer<typeof operatorPlatformRowSchema>;
export const operatorPlatformListSchema = z.object({ results: z.array(operatorPlatformRowSchema) });

export const platformMemberSchema = z
  .object({ email: z.string(), name: z.string().nullable(), role: z.enum(MEMBER_ROLES) })
  .meta({ id: "PlatformMember" });
export type PlatformMember = z.infer<typeof platformMemberSchema>;
export const platformMemberListSchema = z.object({ results: z.array(platformMemberSchema) });
