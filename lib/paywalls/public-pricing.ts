import "server-only";
import { db } from "@/lib/db";
import type { ItemScope } from "@/lib/api/route-scope";
import { activePrices } from "@/lib/prices/active-prices";
import { priceView } from "@/lib/prices/price-view";
import type { PublicPricing } from "./paywall-schema";

/** What anyone may see about an item's pricing: active tiers only, no subscription state. */
export async function publicPricing(ref: ItemScope): Promise<PublicPricing> {
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
