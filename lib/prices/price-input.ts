import { z } from "zod";
import { isStripeCurrency } from "./currencies";
import { AMOUNT_PATTERN, AmountError, toMinorUnits } from "./money";

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
};

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
  })
  .superRefine((v, ctx) => withMinorAmount(v, ctx));
export type CreatePriceInput = z.infer<typeof createPriceInput>;

export const updatePriceInput = z
  .object(fields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, "Nothing to update.");
export type UpdatePriceInput = z.infer<typeof updatePriceInput>;
