import "server-only";
import type { Platform, User } from "@/lib/db";
import { fromMinorUnits } from "@/lib/prices/money";
import { normalizeItemType } from "@/lib/platforms/item-types";
import { countDecision } from "@/lib/insights/decision-counter";
import { denialOffers } from "./access-check";
import { decide } from "./decide";
import { loadDecisions, type PromotionOfferRow } from "./decision-query";
import type { AccessDecision, AccessDecisions, DecisionsInput, PublicPromotion } from "./decisions-schema";

// Decisions for a whole page of items in one database round trip: the same facts and the same
// decision tree as the single access check, with the offers of each denial.

function promotionView(p: PromotionOfferRow): PublicPromotion {
  return {
    code: p.code,
    percent_off: p.percent_off_bps == null ? null : p.percent_off_bps / 100,
    amount_off: p.amount_off == null || !p.currency ? null : fromMinorUnits(p.amount_off, p.currency),
    currency: p.currency,
    duration: p.duration,
    duration_in_months: p.duration_in_months,
    expires_at: p.expires_at?.toISOString() ?? null,
  };
}

export async function decideMany(platform: Platform, caller: { user: User; isOperator: boolean } | null, input: DecisionsInput): Promise<AccessDecisions> {
  const keys = input.items.map((i) => ({ itemType: normalizeItemType(i.item_type) ?? i.item_type, itemId: i.item_id }));
  const rows = await loadDecisions(platform.id, caller?.user ?? null, keys, { offers: true });
  const results = rows.map((row, i): AccessDecision => {
    const { itemType, itemId } = keys[i];
    const d = decide(row, itemType, caller?.isOperator ?? false);
    const base = { item_type: itemType, item_id: itemId };
    if (!d.allowed && d.notFound) return { ...base, found: false, has_access: false, reason: null, plan: null, offers: null };
    countDecision({ platformId: platform.id, itemType, itemId, reason: d.reason });
    if (d.allowed) return { ...base, found: true, has_access: true, reason: d.reason, plan: d.plan, offers: null };
    const { pricing_available, pricing, plans } = denialOffers(platform, row, `${itemType}:${itemId}`);
    return {
      ...base,
      found: true,
      has_access: false,
      reason: d.reason,
      plan: null,
      offers: { pricing_available, prices: pricing.prices, plans, promotions: pricing_available ? (row.promotions ?? []).map(promotionView) : [] },
    };
  });
  return { results };
}
