import type { Price } from "@/lib/db";
import { fromMinorUnits } from "./money";

/** The API shape of a price tier; `id` is the price's unique id, amounts are decimal strings. */
export function priceView(p: Price) {
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
    stripe_price_id: p.stripePriceId,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}
export type PriceView = ReturnType<typeof priceView>;
