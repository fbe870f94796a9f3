import { z } from "zod";
import { isStripeCurrency } from "./currencies";
import { checkCustomAmount } from "./custom-amount";
import { AMOUNT_PATTERN, AmountError, toMinorUnits } from "./money";

const decimal = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .pipe(z.string().regex(AMOUNT_PATTERN, "Enter an amount like 15 or 15.99 (up to 8 digits and 2 decimals)."));

/** Pay what you want (one-time tiers): the buyer chooses within these bounds; null for a fixed price. */
export const customAmountInput = z
  .object({ minimum: decimal, maximum: decimal })
  .nullish()
  .meta({
    description:
      "Let the buyer choose the amount (one-time tiers only): decimal bounds in the tier's currency, minimum > 0; `amount` is then the suggested amount and must lie within them. null: a fixed price.",
  });

const fields = {
  name: z.string().trim().min(1, "Name is required.").max(255),
  description: z.string().max(2000).nullish().transform((v) => v ?? ""),
  amount: z.union([z.string(), z.number()]).transform((v) => String(v).trim()).pipe(z.string().regex(AMOUNT_PATTERN, "Enter an amount like 15 or 15.99 (up to 8 digits and 2 decimals).")),
  currency: z
    .string()
    .trim()
    .toLowerCase()
    .refine(isStripeCurrency, "Not a currency Stripe supports (use an ISO code like usd, eur, jpy)."),
  interval: z.enum(["month", "year", "one_time"], { error: "Interval must be month, year or one_time." }),
  features: z.array(z.string().trim().min(1).max(200)).max(20, "At most 20 features.").nullish().transform((v) => v ?? []),
  remark: z.string().trim().max(100).nullish().transform((v) => v ?? ""),
  sort_order: z.number().int().min(-100_000).max(100_000),
  is_active: z.boolean(),
  custom_amount: customAmountInput,
  // usage credits (issue 14): metering and credits granted per period
  included_units: z.number().int().min(0).max(1_000_000_000).nullish().meta({ description: "Metering: free units per billing period; null: none." }),
  unit_credits: z.number().int().min(1).max(1_000_000_000).nullish().meta({ description: "Metering: credits drawn from the wallet per unit beyond `included_units`; null: no overage." }),
  grant_credits: z
    .number()
    .int()
    .min(1, "Grant at least 1 credit, or null for none.")
    .max(1_000_000_000)
    .nullish()
    .meta({ description: "Recurring tiers only: credits deposited in the subscriber's wallet on each paid invoice; null: none." }),
  grant_rollover: z.boolean().meta({ description: "Recurring tiers only: unused granted credits roll over to the next period (true) or expire when it starts (false)." }),
};

/** Granted credits need a billing period: one-time tiers refuse them (400 validation_error). */
export function grantProblems(v: { grant_credits?: number | null; grant_rollover?: boolean }, interval: string): Record<string, string[]> {
  if (interval !== "one_time") return {};
  const errors: Record<string, string[]> = {};
  if (v.grant_credits != null) errors.grant_credits = ["Only recurring (month or year) tiers grant credits."];
  if (v.grant_rollover) errors.grant_rollover = ["Only recurring (month or year) tiers grant credits."];
  return errors;
}

/** amount is checked against the currency: positive, and whole for zero-decimal currencies. */
function withMinorAmount<T extends { amount?: string; currency?: string }>(v: T, ctx: z.RefinementCtx, fallbackCurrency?: string) {
  if (v.amount === undefined) return;
  try {
    toMinorUnits(v.amount, v.currency ?? fallbackCurrency ?? "usd");
  } catch (e) {
    if (e instanceof AmountError) ctx.addIssue({ code: "custom", path: ["amount"], message: e.message });
  }
}

export const createPriceInput = z
  .object({
    ...fields,
    currency: fields.currency.default("usd"),
    interval: fields.interval.default("month"),
    sort_order: fields.sort_order.default(0),
    is_active: fields.is_active.default(true),
    features: fields.features,
    description: fields.description,
    remark: fields.remark,
    grant_rollover: fields.grant_rollover.optional(),
  })
  .superRefine((v, ctx) => {
    withMinorAmount(v, ctx);
    for (const [field, messages] of Object.entries(grantProblems(v, v.interval))) {
      for (const message of messages) ctx.addIssue({ code: "custom", path: [field], message });
    }
    if (!v.custom_amount) return;
    let amount: number;
    try {
      amount = toMinorUnits(v.amount, v.currency);
    } catch {
      return; // reported by withMinorAmount
    }
    const checked = checkCustomAmount(v.custom_amount, { amount, currency: v.currency, interval: v.interval });
    if ("errors" in checked) {
      for (const [field, messages] of Object.entries(checked.errors)) {
        for (const message of messages) ctx.addIssue({ code: "custom", path: field.split("."), message });
      }
    }
  });
export type CreatePriceInput = z.infer<typeof createPriceInput>;

export const updatePriceInput = z
  .object(fields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, "Nothing to update.");
export type UpdatePriceInput = z.infer<typeof updatePriceInput>;
