import { db } from "@/lib/db";
import { priceView } from "@/lib/prices/price-view";
import { activePrices } from "./paywall-config";
import type { ItemRef } from "./item-ref";

/** What anyone may see about an item's pricing: active tiers only, no subscription state. */
export async function publicPricing(ref: ItemRef) {
  const { paywall, platform, itemType, itemId } = ref;
  if (!paywall) {
    const catalog = await db.catalogItem.findUnique({ where: { platformId_itemType_itemId: { platformId: platform.id, itemType, itemId } } });
    return {
      item_type: itemType,
      item_id: itemId,
      item_name: catalog?.name ?? `${itemType}:${itemId}`,
      is_paywalled: false,
      allow_free_tier: true,
      trial_period_days: 0,
      prices: [],
    };
  }
  const prices = await activePrices(paywall.id);
  return {
    item_type: itemType,
    item_id: itemId,
    item_name: paywall.itemName || `${itemType}:${itemId}`,
    is_paywalled: paywall.isEnabled,
    allow_free_tier: paywall.allowFreeTier,
    trial_period_days: paywall.trialPeriodDays,
    prices: prices.map(priceView),
  };
}
