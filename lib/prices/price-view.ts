import { z } from "zod";
import type { Price } from "@/lib/db";
import { fromMinorUnits } from "./money";

// Pure module (the db is imported as a type only): the client reads these schemas' types.

export const PRICE_INTERVALS = ["month", "year", "one_time"] as const;
export const priceIntervalSchema = z.enum(PRICE_INTERVALS).meta({ id: "PriceInterval", description: "Billing interval; `one_time` is a single payment." });
export type PriceInterval = z.infer<typeof priceIntervalSchema>;

export const priceViewSchema = z
  .object({
    id: z.string().meta({ description: "The price's unique id." }),
    name: z.string(),
    description: z.string(),
    amount: z.string().meta({ description: "Decimal amount in the currency's own units, e.g. `15.00`, `1500` (jpy)." }),
    amount_minor: z.number().int().meta({ description: "The same amount in the currency's minor unit." }),
    currency: z.string().meta({ description: "Lower-case ISO 4217 code." }),
    interval: priceIntervalSchema,
    features: z.array(z.string()),
    remark: z.string().meta({ description: "Short badge text, e.g. `Best value`." }),
    sort_order: z.number().int(),
    is_active: z.boolean(),
    custom_amount: z
      .object({
        minimum: z.string().meta({ description: "Smallest amount the buyer may pay, decimal." }),
        maximum: z.string().meta({ description: "Largest amount the buyer may pay, decimal." }),
      })
      .nullable()
      .meta({ description: "Pay what you want: the buyer chooses within these bounds and `amount` is the suggestion; null for a fixed price." }),
    included_units: z.number().int().nullable().meta({ description: "Metering: free units per billing period; null: none." }),
    unit_credits: z.number().int().nullable().meta({ description: "Metering: credits per unit beyond the included ones; null: no overage." }),
    grant_credits: z.number().int().nullable().meta({ description: "Recurring tiers: credits deposited on each paid invoice; null: none." }),
    grant_rollover: z.boolean().meta({ description: "Whether unused granted credits roll over (true) or expire at the next grant (false)." }),
    stripe_price_id: z.string().nullable(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: "Price", description: "A pricing tier of a paywall." });
export type PriceView = z.infer<typeof priceViewSchema>;

/** The API shape of a price tier; `id` is the price's unique id, amounts are decimal strings. */
export function priceView(p: Price): PriceView {
  return {
    id: p.uniqueId,
    name: p.name,
    description: p.description,
    amount: fromMinorUnits(p.amount, p.currency),
    amount_minor: p.amount,
    currency: p.currency,
    interval: p.interval,
    features: p.features,
    remark: p.remark,
    sort_order: p.sortOrder,
    is_active: p.isActive,
    custom_amount:
      p.customAmountMin != null && p.customAmountMax != null
        ? { minimum: fromMinorUnits(p.customAmountMin, p.currency), maximum: fromMinorUnits(p.customAmountMax, p.currency) }
        : null,
    included_units: p.includedUnits,
    unit_credits: p.unitCredits,
    grant_credits: p.grantCredits,
    grant_rollover: p.grantRollover,
    stripe_price_id: p.stripePriceId,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}
