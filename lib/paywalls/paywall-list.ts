import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import type { Platform, Prisma } from "@/lib/db";
import { pageArgs, pageOf, pageQuery } from "@/lib/api/pagination";
import { itemTypeSchema, normalizeItemType } from "@/lib/platforms/item-types";
import { PLAN_ITEM_TYPE } from "@/lib/plans/plan-schema";
import { activePriceArgs } from "@/lib/prices/active-prices";
import { priceView } from "@/lib/prices/price-view";
import type { PaywallListPage } from "./paywall-schema";
import { shareUrl } from "./paywall-view";
import { itemSales, itemSalesKey } from "@/lib/analytics/item-sales";

export const paywallListQuery = pageQuery.extend({
  // `workshop` means `custom:workshop`, as in the item paths
  item_type: itemTypeSchema.transform((t) => normalizeItemType(t) ?? t).optional(),
  is_enabled: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
  search: z.string().trim().max(100).optional().meta({ description: "Part of the item name or item id, any case." }),
});

/** The platform's configured items, newest first, each with its active tiers and its sales from the ledger. */
export async function listPaywalls(platform: Platform, q: z.infer<typeof paywallListQuery>): Promise<PaywallListPage> {
  const contains = (v: string) => ({ contains: v, mode: "insensitive" as const });
  const where: Prisma.PaywallWhereInput = {
    platformId: platform.id,
    // plans are paywalls too, managed and listed as plans
    itemType: q.item_type ?? { not: PLAN_ITEM_TYPE },
    ...(q.is_enabled !== undefined && { isEnabled: q.is_enabled }),
    ...(q.search && { OR: [{ itemName: contains(q.search) }, { itemId: contains(q.search) }] }),
  };
  const [count, rows] = await Promise.all([
    db.paywall.count({ where }),
    db.paywall.findMany({
      where,
      orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
      ...pageArgs(q),
      include: { prices: activePriceArgs },
    }),
  ]);
  // one grouped ledger query for the whole page
  const sales = await itemSales(platform.id, rows);
  const results = rows.map((p) => ({
    unique_id: p.uniqueId,
    item_type: p.itemType,
    item_id: p.itemId,
    item_name: p.itemName,
    is_enabled: p.isEnabled,
    allow_free_tier: p.allowFreeTier,
    trial_period_days: p.trialPeriodDays,
    grandfathering_strategy: p.grandfatheringStrategy,
    stripe_product_id: p.stripeProductId,
    active_price_count: p.prices.length,
    prices: p.prices.map(priceView),
    share_url: shareUrl(p),
    paywall_enabled_at: p.paywallEnabledAt?.toISOString() ?? null,
    updated_at: p.updatedAt.toISOString(),
    ...(sales.get(itemSalesKey(p)) ?? { sales_count: 0, revenue: [] }),
  }));
  return pageOf(results, count, q);
}
