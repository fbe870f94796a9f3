import { db } from "@/lib/db";
import { isReadyForPayments } from "@/lib/connect/connect-status";
import { isUuid } from "@/lib/paywalls/item-ref";
import { priceView } from "@/lib/prices/price-view";

export type BuyPageData = NonNullable<Awaited<ReturnType<typeof loadBuyPage>>>;

/**
 * Everything the public buy page shows, in one read: the paywall with its platform and its
 * active tiers. Null for an id that is not a paywall (the page answers 404).
 */
export async function loadBuyPage(uniqueId: string) {
  if (!isUuid(uniqueId)) return null;
  const paywall = await db.paywall.findUnique({
    where: { uniqueId },
    include: {
      platform: true,
      prices: { where: { isActive: true, deletedAt: null }, orderBy: [{ sortOrder: "asc" }, { amount: "asc" }] },
    },
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
  const prices = paywall.prices.map((row) => {
    const p = priceView(row);
    return {
      id: p.id,
      name: p.name,
      description: p.description,
      amount: p.amount,
      amount_minor: p.amount_minor,
      currency: p.currency,
      interval: p.interval,
      features: p.features,
      remark: p.remark,
      sort_order: p.sort_order,
      is_active: p.is_active,
    };
  });
  const canTakePayments = platform.enableMonetization && isReadyForPayments(platform);
  return {
    uniqueId: paywall.uniqueId,
    itemType: paywall.itemType,
    itemId: paywall.itemId,
    itemName: paywall.itemName || catalog?.name || `${paywall.itemType}:${paywall.itemId}`,
    description: paywall.description || catalog?.description || "",
    trialPeriodDays: paywall.trialPeriodDays,
    platform: { key: platform.key, name: platform.name },
    // the checkout endpoints refuse in each of these cases; say so before anyone clicks Pay
    available: paywall.isEnabled && prices.length > 0 && canTakePayments,
    prices,
  };
}
