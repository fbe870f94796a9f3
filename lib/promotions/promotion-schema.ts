import { z } from "zod";
import { pageSchema } from "@/lib/api/pagination";
import { AMOUNT_PATTERN } from "@/lib/prices/money";
import { isStripeCurrency } from "@/lib/prices/currencies";

// Requests and answers of the promotion-code API and the price quote; pure, for the client
// hooks and forms too.

export const PROMOTION_CODE_PATTERN = /^[A-Za-z0-9_-]{3,40}$/;
export const PROMOTION_DURATIONS = ["once", "repeating", "forever"] as const;
export type PromotionDurationName = (typeof PROMOTION_DURATIONS)[number];
/** Item type under which plans are stored in `applies_to` (plans are paywalls of this type). */
export const PLAN_ITEM_TYPE = "plan";
export const MAX_APPLIES_TO = 50;
export const MAX_DURATION_MONTHS = 36;

/** Error codes of this API and of checkouts and quotes that carry a code. */
export const PROMOTION_ERROR_CODES = {
  taken: "promotion_code_taken",
  unknownTarget: "unknown_target",
  invalid: "promotion_code_invalid",
  expired: "promotion_code_expired",
  exhausted: "promotion_code_exhausted",
  notApplicable: "promotion_code_not_applicable",
  alreadyUsed: "promotion_code_already_used",
  firstPurchaseOnly: "promotion_code_first_purchase_only",
} as const;

/** Upper-cased: codes are matched regardless of case. */
export const codeKeyOf = (code: string) => code.trim().toUpperCase();

const decimalAmount = z
  .string()
  .trim()
  .regex(AMOUNT_PATTERN, "Enter an amount like 5 or 5.99 (up to 8 digits and 2 decimals).");

const currencyField = z
  .string()
  .trim()
  .toLowerCase()
  .refine((c) => isStripeCurrency(c), "Not a currency Stripe charges in.");

const target = z.union([
  z.object({ plan_id: z.string().trim().min(1).max(255).meta({ description: "A plan's unique id." }) }).strict(),
  z
    .object({
      item_type: z.string().trim().min(1).max(64),
      item_id: z.string().trim().min(1).max(255),
    })
    .strict(),
]);
export type PromotionTargetInput = z.infer<typeof target>;

/** Whole percent or up to two decimals (12.5, 33.33), as Stripe's `percent_off` takes it. */
const hasTwoDecimalsAtMost = (p: number) => Math.abs(Math.round(p * 100) - p * 100) < 1e-6;

export const createPromotionCodeInput = z
  .object({
    code: z
      .string()
      .trim()
      .regex(PROMOTION_CODE_PATTERN, "3–40 letters, digits, dashes or underscores.")
      .meta({ description: "What buyers type; matched regardless of case and unique per platform." }),
    percent_off: z
      .number()
      .gt(0, "Must be more than 0.")
      .lte(100, "At most 100.")
      .refine(hasTwoDecimalsAtMost, "At most two decimals.")
      .optional()
      .meta({ description: "Percent off, 0 < p ≤ 100, up to two decimals. Either this or amount_off." }),
    amount_off: decimalAmount.optional().meta({ description: "A fixed amount off in `currency`, as a decimal string (\"5.00\")." }),
    currency: currencyField.optional().meta({ description: "Required with amount_off: the fixed discount applies only to tiers in this currency." }),
    duration: z.enum(PROMOTION_DURATIONS).meta({ description: "For subscriptions: the first payment only, the first `duration_in_months` months, or every payment." }),
    duration_in_months: z.number().int().min(1).max(MAX_DURATION_MONTHS).optional(),
    max_redemptions: z.number().int().min(1).max(1_000_000).optional().meta({ description: "How many purchases may use the code in all." }),
    expires_at: z.iso.datetime({ offset: true }).optional().meta({ description: "When the code stops working; must be in the future." }),
    applies_to: z
      .array(target)
      .max(MAX_APPLIES_TO)
      .optional()
      .meta({ description: "Items (`{item_type, item_id}`) or plans (`{plan_id}`) the code is limited to; none = every item and plan of the platform." }),
    first_time_only: z.boolean().optional().meta({ description: "Only for buyers with no earlier paid purchase on this platform." }),
    public: z.boolean().optional().meta({ description: "Shown as an offer next to the items it applies to (access decisions); otherwise the code is only shared privately." }),
  })
  .strict()
  .superRefine((v, ctx) => {
    const hasPercent = v.percent_off !== undefined;
    const hasAmount = v.amount_off !== undefined;
    if (hasPercent === hasAmount) {
      ctx.addIssue({ code: "custom", path: [hasPercent ? "amount_off" : "percent_off"], message: "Give either percent_off or amount_off (with currency)." });
    }
    if (hasAmount && !v.currency) ctx.addIssue({ code: "custom", path: ["currency"], message: "Required with amount_off." });
    if (!hasAmount && v.currency) ctx.addIssue({ code: "custom", path: ["currency"], message: "Only with amount_off." });
    if (v.duration === "repeating" && v.duration_in_months === undefined) {
      ctx.addIssue({ code: "custom", path: ["duration_in_months"], message: "Required for a repeating duration." });
    }
    if (v.duration !== "repeating" && v.duration_in_months !== undefined) {
      ctx.addIssue({ code: "custom", path: ["duration_in_months"], message: "Only for a repeating duration." });
    }
    if (v.expires_at !== undefined && new Date(v.expires_at).getTime() <= Date.now()) {
      ctx.addIssue({ code: "custom", path: ["expires_at"], message: "Must be in the future." });
    }
  })
  .meta({ id: "PromotionCodeInput" });
export type CreatePromotionCodeInput = z.input<typeof createPromotionCodeInput>;
export type CreatePromotionCodeData = z.output<typeof createPromotionCodeInput>;

export const updatePromotionCodeInput = z
  .object({ active: z.boolean().meta({ description: "false stops the code at once; true reactivates a code that has not expired." }) })
  .strict()
  .meta({ id: "PromotionCodeUpdate" });
export type UpdatePromotionCodeInput = z.infer<typeof updatePromotionCodeInput>;

const iso = z.iso.datetime();

export const promotionTargetSchema = z
  .object({
    item_type: z.string().meta({ description: "`plan` for a plan." }),
    item_id: z.string().meta({ description: "The item's id, or the plan's unique id." }),
    name: z.string().nullable().meta({ description: "The item's or plan's name; null if it no longer exists." }),
  })
  .meta({ id: "PromotionTarget" });
export type PromotionTarget = z.infer<typeof promotionTargetSchema>;

export const promotionCodeSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    percent_off: z.number().nullable(),
    amount_off: z.string().nullable().meta({ description: "Fixed amount off as a decimal string, in `currency`." }),
    currency: z.string().nullable(),
    duration: z.enum(PROMOTION_DURATIONS),
    duration_in_months: z.number().int().nullable(),
    max_redemptions: z.number().int().nullable(),
    times_redeemed: z.number().int().meta({ description: "Completed purchases that used the code." }),
    expires_at: iso.nullable(),
    applies_to: z.array(promotionTargetSchema).meta({ description: "Empty: every item and plan." }),
    first_time_only: z.boolean(),
    public: z.boolean(),
    active: z.boolean(),
    created_at: iso,
  })
  .meta({ id: "PromotionCode" });
export type PromotionCodeView = z.infer<typeof promotionCodeSchema>;

export const promotionCodePageSchema = pageSchema(promotionCodeSchema).meta({ id: "PromotionCodePage" });
export type PromotionCodePage = z.infer<typeof promotionCodePageSchema>;

export const quoteInput = z
  .object({
    promotion_code: z.string().trim().min(1, "Enter a code.").max(100),
    amount: decimalAmount.optional().meta({ description: "The amount chosen on a pay-what-you-want tier (required there), as a decimal string." }),
    email: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.email("Enter a valid e-mail address."))
      .pipe(z.string().max(254))
      .optional()
      .meta({ description: "A guest's e-mail, for the once-per-customer and first-purchase checks; a signed-in caller's own address is used instead." }),
  })
  .meta({ id: "PriceQuoteInput" });
export type QuoteInput = z.input<typeof quoteInput>;

export const quoteSchema = z
  .object({
    subtotal: z.string().meta({ description: "The tier's amount (or the chosen amount), as a decimal string." }),
    discount: z.string().meta({ description: "What the code takes off the first payment." }),
    total: z.string().meta({ description: "What the first payment will be." }),
    currency: z.string(),
    promotion_code: z.object({
      code: z.string(),
      duration: z.enum(PROMOTION_DURATIONS),
      duration_in_months: z.number().int().nullable(),
      percent_off: z.number().nullable(),
      amount_off: z.string().nullable(),
    }),
  })
  .meta({ id: "PriceQuote" });
export type PriceQuote = z.infer<typeof quoteSchema>;
