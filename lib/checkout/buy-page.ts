import "server-only";
import { db } from "@/lib/db";
import type { Price } from "@/lib/db";
import { isUuid } from "@/lib/api/route-scope";
import { activePriceArgs } from "@/lib/prices/active-prices";
import { priceView } from "@/lib/prices/price-view";
import { itemKey, itemNames } from "@/lib/catalog/item-names";
import { PLAN_ITEM_TYPE } from "@/lib/plans/plan-schema";
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
  const plan = paywall.itemType === PLAN_ITEM_TYPE;
  const [plans, planItems] = await Promise.all([plan ? [] : plansContaining(paywall), plan ? includedItems(paywall.id) : null]);
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
    // plans on sale that contain this item (not shown on a plan's own page)
    plans: canSell(platform) ? plans : [],
    planItems,
    coversAllItems: paywall.planCoversAll,
    tipsEnabled: platform.tipsEnabled && canSell(platform) && !plan,
  };
}

async function plansContaining(item: { platformId: string; itemType: string; itemId: string }) {
  const rows = await db.paywall.findMany({
    where: {
      platformId: item.platformId,
      itemType: PLAN_ITEM_TYPE,
      isEnabled: true,
      OR: [{ planCoversAll: true }, { planItems: { some: { itemType: item.itemType, itemId: item.itemId } } }],
    },
    include: { prices: activePriceArgs },
    orderBy: { createdAt: "asc" },
  });
  return rows
    .filter((r) => r.prices.length > 0)
    .map((r) => ({ id: r.uniqueId, name: r.itemName, description: r.description, covers_all_items: r.planCoversAll, prices: r.prices.map(buyerPrice) }));
}

/** What a plan's page lists as included, with the items' names. */
async function includedItems(planPaywallId: string) {
  const items = await db.planItem.findMany({ where: { paywallId: planPaywallId }, orderBy: { createdAt: "asc" } });
  if (items.length === 0) return [];
  const names = await itemNames(items[0].platformId, items);
  return items.map((i) => ({ item_type: i.itemType, item_id: i.itemId, name: names.get(itemKey(i)) ?? `${i.itemType}:${i.itemId}` }));
}
