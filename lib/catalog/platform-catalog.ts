import "server-only";
import { db } from "@/lib/db";
import type { User } from "@/lib/db";
import { decideMany } from "@/lib/access/decisions";
import { MAX_DECISIONS } from "@/lib/access/decisions-schema";
import { PLAN_ITEM_TYPE } from "@/lib/plans/plan-schema";
import { canSell } from "@/lib/checkout/can-sell";
import { activePriceArgs } from "@/lib/prices/active-prices";
import { priceView, type PriceView } from "@/lib/prices/price-view";

export type LockState =
  /** no paywall, or it is off */
  | "free"
  /** the viewer may open it (bought, trial, free tier, grandfathered, admin) */
  | "unlocked"
  /** paywalled and the viewer has no access (or is not signed in) */
  | "locked"
  /** paywalled with nothing on sale right now */
  | "unavailable";

export type CatalogEntry = {
  itemType: string;
  itemId: string;
  name: string;
  description: string;
  href: string;
  lock: LockState;
  /** The cheapest active tier per currency, in tier display order; empty when nothing is on sale. */
  lowest: PriceView[];
  /** The share link's page, for guests. */
  buyHref: string | null;
};

/** A plan on sale, listed apart from the items it contains. */
export type CatalogPlan = { id: string; name: string; description: string; coversAllItems: boolean; lowest: PriceView[]; buyHref: string };

export type PlatformCatalog = { key: string; name: string; entries: CatalogEntry[]; plans: CatalogPlan[] };
const itemHref = (pk: string, type: string, id: string) => `/p/${encodeURIComponent(pk)}/items/${encodeURIComponent(type)}/${encodeURIComponent(id)}`;

/** Cheapest tier of each currency; money is never compared across currencies. */
function lowestPerCurrency(prices: PriceView[]): PriceView[] {
  const best = new Map<string, PriceView>();
  for (const p of prices) {
    const seen = best.get(p.currency);
    if (!seen || p.amount_minor < seen.amount_minor) best.set(p.currency, p);
  }
  return [...best.values()];
}

/**
 * Everything a platform offers — its catalog plus custom items that only exist as paywalls, and
 * its plans — with the cheapest tier and the same access decision the item page makes, decided
 * for the whole page at once (one query per 100 items). Null for an unknown platform.
 */
export async function loadPlatformCatalog(platformKey: string, user: User | null): Promise<PlatformCatalog | null> {
  const platform = await db.platform.findUnique({ where: { key: platformKey } });
  if (!platform) return null;
  const [catalog, paywalls] = await Promise.all([
    db.catalogItem.findMany({ where: { platformId: platform.id }, orderBy: [{ itemType: "asc" }, { name: "asc" }] }),
    db.paywall.findMany({ where: { platformId: platform.id }, include: { prices: activePriceArgs } }),
  ]);
  const byKey = new Map(paywalls.map((p) => [`${p.itemType}/${p.itemId}`, p]));
  const items = [
    ...catalog.map((c) => ({ itemType: c.itemType, itemId: c.itemId, name: c.name, description: c.description })),
    ...paywalls
      .filter((p) => p.itemType !== PLAN_ITEM_TYPE && !catalog.some((c) => c.itemType === p.itemType && c.itemId === p.itemId))
      .map((p) => ({ itemType: p.itemType, itemId: p.itemId, name: p.itemName || p.itemId, description: p.description })),
  ];
  const sellable = canSell(platform);
  const caller = user ? { user, isOperator: user.isOperator } : null;
  const decided = new Map<string, boolean>();
  if (caller) {
    for (let i = 0; i < items.length; i += MAX_DECISIONS) {
      const chunk = items.slice(i, i + MAX_DECISIONS);
      const { results } = await decideMany(platform, caller, { items: chunk.map((it) => ({ item_type: it.itemType, item_id: it.itemId })) });
      results.forEach((r) => decided.set(`${r.item_type}/${r.item_id}`, r.has_access));
    }
  }

  const entries = items.map((item): CatalogEntry => {
    const paywall = byKey.get(`${item.itemType}/${item.itemId}`) ?? null;
    const onSale = paywall?.isEnabled && sellable ? paywall.prices.map(priceView) : [];
    let lock: LockState = "free";
    if (paywall?.isEnabled) {
      if (decided.get(`${item.itemType}/${item.itemId}`)) lock = "unlocked";
      else lock = onSale.length ? "locked" : "unavailable";
    }
    return {
      ...item,
      href: itemHref(platform.key, item.itemType, item.itemId),
      lock,
      lowest: lowestPerCurrency(onSale),
      buyHref: paywall?.isEnabled && onSale.length ? `/buy/${paywall.uniqueId}` : null,
    };
  });
  const plans = sellable
    ? paywalls
        .filter((p) => p.itemType === PLAN_ITEM_TYPE && p.isEnabled && p.prices.length > 0)
        .map((p) => ({ id: p.uniqueId, name: p.itemName, description: p.description, coversAllItems: p.planCoversAll, lowest: lowestPerCurrency(p.prices.map(priceView)), buyHref: `/buy/${p.uniqueId}` }))
    : [];
  return { key: platform.key, name: platform.name, entries, plans };
}
