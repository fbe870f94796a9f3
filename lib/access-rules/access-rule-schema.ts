import { z } from "zod";
import { pageSchema } from "@/lib/api/pagination";

// Requests and answers of the access-rule API; pure, for the client hooks and forms too.

/** Error codes of this API. */
export const ACCESS_RULE_ERROR_CODES = {
  unknownTarget: "unknown_target",
  alreadyRevoked: "rule_already_revoked",
} as const;

export const ACCESS_RULE_ROLES = ["owner", "admin", "member"] as const;
export type AccessRuleRole = (typeof ACCESS_RULE_ROLES)[number];
export const ACCESS_RULE_STATUSES = ["active", "ended", "revoked"] as const;
export type AccessRuleStatus = (typeof ACCESS_RULE_STATUSES)[number];
export const ACCESS_RULE_MATCH_TYPES = ["email_domain", "role", "emails"] as const;
export type AccessRuleMatchType = (typeof ACCESS_RULE_MATCH_TYPES)[number];

/** Most addresses one list rule holds. */
export const ACCESS_RULE_MAX_EMAILS = 1000;

// labels of 1–63 letters, digits or inner hyphens, at least two of them, the last starting with a letter
const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** `school.edu` or `@school.edu` → `school.edu`; null when it is not a hostname. */
export function normalizeEmailDomain(raw: string): string | null {
  const value = raw.trim().toLowerCase().replace(/^@/, "");
  return HOSTNAME.test(value) ? value : null;
}

const domainField = z
  .string()
  .max(254)
  .transform((v, ctx) => {
    const domain = normalizeEmailDomain(v);
    if (!domain) {
      ctx.addIssue({ code: "custom", message: "Enter a domain such as school.edu (a leading @ is fine)." });
      return z.NEVER;
    }
    return domain;
  })
  .meta({ description: "`school.edu` or `@school.edu`; stored lower-case without the `@`. Matches users whose verified e-mail is at exactly that domain." });

const emailField = z.string().trim().toLowerCase().max(254).pipe(z.email("Not a valid e-mail address."));

const emailsField = z
  .array(emailField)
  .min(1, "List at least one e-mail address.")
  .max(ACCESS_RULE_MAX_EMAILS, `At most ${ACCESS_RULE_MAX_EMAILS} addresses per rule.`)
  .transform((list) => [...new Set(list)])
  .meta({ description: `1 to ${ACCESS_RULE_MAX_EMAILS} addresses (complimentary access); lower-cased and de-duplicated. Matches users whose verified e-mail is listed.` });

const roleField = z.enum(ACCESS_RULE_ROLES).meta({ description: "Every member of the platform with this role." });

const targetInput = z
  .strictObject({
    item_type: z.string().min(1).max(64).optional(),
    item_id: z.string().min(1).max(255).optional(),
    plan_id: z.string().min(1).max(255).optional().meta({ description: "A plan's id (its unique id)." }),
  })
  .superRefine((t, ctx) => {
    if (t.plan_id !== undefined) {
      if (t.item_type !== undefined || t.item_id !== undefined) ctx.addIssue({ code: "custom", path: ["plan_id"], message: "Give either plan_id or item_type and item_id, not both." });
      return;
    }
    if (t.item_type === undefined) ctx.addIssue({ code: "custom", path: ["item_type"], message: "Give item_type and item_id, or plan_id." });
    if (t.item_id === undefined) ctx.addIssue({ code: "custom", path: ["item_id"], message: "Give item_type and item_id, or plan_id." });
  })
  .meta({ description: "`{item_type, item_id}` for an item (custom types included), or `{plan_id}` for a plan." });

const matchInput = z
  .strictObject({ email_domain: domainField.optional(), role: roleField.optional(), emails: emailsField.optional() })
  .superRefine((m, ctx) => {
    const given = ACCESS_RULE_MATCH_TYPES.filter((k) => m[k] !== undefined);
    if (given.length !== 1) ctx.addIssue({ code: "custom", message: "Give exactly one of email_domain, role or emails." });
  })
  .meta({ description: "Exactly one of `{email_domain}`, `{role}` or `{emails: [...]}`." });

export const createAccessRuleInput = z
  .strictObject({
    target: targetInput,
    match: matchInput,
    ends_at: z.iso
      .datetime({ offset: true })
      .transform((v) => new Date(v))
      .refine((d) => d.getTime() > Date.now(), "The end must be in the future.")
      .optional()
      .meta({ description: "ISO datetime in the future; the rule stops granting then. Without it the rule lasts until revoked." }),
  })
  .meta({ id: "AccessRuleInput" });
export type CreateAccessRuleInput = z.input<typeof createAccessRuleInput>;
export type CreateAccessRule = z.output<typeof createAccessRuleInput>;

export const accessRuleQuery = z.object({
  page: z.coerce.number().int().min(1, "Page starts at 1.").default(1),
  page_size: z.coerce.number().int().min(1).max(100, "At most 100 per page.").default(20),
  status: z.enum(ACCESS_RULE_STATUSES).optional().meta({ description: "Only rules in this status." }),
  item_type: z.string().min(1).max(64).optional().meta({ description: "With `item_id`: only rules granting this item." }),
  item_id: z.string().min(1).max(255).optional(),
  plan_id: z.string().min(1).max(255).optional().meta({ description: "Only rules granting this plan." }),
});
export type AccessRuleQuery = z.output<typeof accessRuleQuery>;
export type AccessRuleQueryInput = z.input<typeof accessRuleQuery>;

const iso = z.iso.datetime();

export const accessRuleMatchSchema = z
  .union([
    z.object({ email_domain: z.string() }),
    z.object({ role: z.enum(ACCESS_RULE_ROLES) }),
    z.object({ emails: z.array(z.string()) }),
  ])
  .meta({ id: "AccessRuleMatch", description: "What the rule matches: one of `email_domain`, `role`, `emails`." });
export type AccessRuleMatchView = z.infer<typeof accessRuleMatchSchema>;

export const accessRuleSchema = z
  .object({
    id: z.string(),
    target: z
      .object({
        item_type: z.string().meta({ description: "The stored item type (`plan` for a plan)." }),
        item_id: z.string().meta({ description: "The item id, or the plan's unique id." }),
        name: z.string().meta({ description: "The catalog name, else the paywall's (the plan's) name, else the id." }),
      })
      .meta({ id: "AccessRuleTarget" }),
    match: accessRuleMatchSchema,
    ends_at: iso.nullable(),
    revoked_at: iso.nullable(),
    status: z.enum(ACCESS_RULE_STATUSES).meta({ description: "`active` (granting), `ended` (past `ends_at`) or `revoked`." }),
    created_at: iso,
    created_by: z.string().nullable().meta({ description: "E-mail of the admin who created it; null once that user is gone." }),
  })
  .meta({ id: "AccessRule", description: "Access to an item or plan granted without a purchase." });
export type AccessRuleView = z.infer<typeof accessRuleSchema>;

export const accessRulePageSchema = pageSchema(accessRuleSchema).meta({ id: "AccessRulePage" });
export type AccessRulePage = z.infer<typeof accessRulePageSchema>;

/** The match of a rule as one line for people. */
export function describeMatch(m: AccessRuleMatchView): string {
  if ("email_domain" in m) return `Verified @${m.email_domain} addresses`;
  if ("role" in m) return `Platform ${m.role}s`;
  return `${m.emails.length} listed address${m.emails.length === 1 ? "" : "es"}`;
}
