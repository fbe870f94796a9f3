import { z } from "zod";
import { db } from "@/lib/db";
import type { Platform, Prisma } from "@/lib/db";
import { pageArgs, pageOf, pageQuery } from "@/lib/api/pagination";
import { itemTypeSchema } from "@/lib/platforms/item-types";
import { shareUrl } from "./paywall-view";

export const paywallListQuery = pageQuery.extend({
  item_type: itemTypeSchema.optional(),
  is_enabled: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
});

/** The platform's configured items, newest first, each with its count of active tiers. */
export async function listPaywalls(platform: Platform, q: z.infer<typeof paywallListQuery>) {
  const where: Prisma.PaywallWhereInput = {
    platformId: platform.id,
    ...(q.item_type && { itemType: q.item_type }),
    ...(q.is_enabled !== undefined && { isEnabled: q.is_enabled }),
  };
  const [count, rows] = await Promise.all([
    db.paywall.count({ where }),
    db.paywall.findMany({
      where,
      orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
      ...pageArgs(q),
      include: { _count: { select: { prices: { where: { isActive: true, deletedAt: null } } } } },
    }),
  ]);
  const results = rows.map((p) => ({
    unique_id: p.uniqueId,
    item_type: p.itemType,
    item_id: p.itemId,
    item_name: p.itemName,
    is_enabled: p.isEnabled,
    allow_free_tier: p.allowFreeTier,
    trial_period_days: p.trialPeriodDays,
    grandfathering_strategy: p.grandfatheringStrategy,
    active_price_count: p._count.prices,
    share_url: shareUrl(p),
    paywall_enabled_at: p.paywallEnabledAt?.toISOString() ?? null,
    updated_at: p.updatedAt.toISOString(),
  }));
  return pageOf(results, count, q);
}
