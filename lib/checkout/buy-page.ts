import "server-only";
import { db } from "@/lib/db";
import type { Price } from "@/lib/db";
import { isUuid } from "@/lib/api/route-scope";
import { activePriceArgs } from "@/lib/prices/active-prices";
import { priceView } from "@/lib/prices/price-view";
import { canSell } from "./can-sell";
import { buyerPriceSchema, type BuyerPrice } from "./checkout-schema";

export type BuyPageData = NonNullable<Awaited<ReturnType<typeof loadBuyPage>>>;

/** A tier as the buy page shows it: the price view without Stripe ids or timestamps. */
export function buyerPrice(row: Price): BuyerPrice {
  return buyerPriceSchema.parse(priceView(row));
}

/**
 * Everything the public buy page shows, in one read: the paywall with its platform and its
 * active tiers. Null for an id that is not a paywall (the page answers 404).
 */
export async function loadBuyPage(uniqueId: string) {
  if (!isUuid(uniqueId)) return null;
  const paywall = await db.paywall.findUnique({
    where: { uniqueId },
    include: { platform: true, prices: activePriceArgs },
  });
  if (!paywall) return null;
  const { platform } = paywall;
  // a paywall made before the catalog row had a name: fall back to the catalog (second read, rare)
  const catalog =
    paywall.itemName && paywall.description
      ? null
      : await db.catalogItem.findUnique({
          where: { platformId_itemType_itemId: { platformId: platform.id, itemType: paywall.itemType, itemId: paywall.itemId } },
          select: { name: true, description: true },
        });
  const prices = paywall.prices.map(buyerPrice);
  return {
    uniqueId: paywall.uniqueId,
    itemType: paywall.itemType,
    itemId: paywall.itemId,
    itemName: paywall.itemName || catalog?.name || `${paywall.itemType}:${paywall.itemId}`,
    description: paywall.description || catalog?.description || "",
    trialPeriodDays: paywall.trialPeriodDays,
    platform: { key: platform.key, name: platform.name },
    // the checkout endpoints refuse in each of these cases; say so before anyone clicks Pay
    available: paywall.isEnabled && prices.length > 0 && canSell(platform),
    prices,
  };
}
