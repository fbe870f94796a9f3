import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db";

// The one definition of "the tiers a buyer can pick": active, not deleted, in display order.

export const activePriceArgs = {
  where: { deletedAt: null, isActive: true },
  orderBy: [{ sortOrder: "asc" }, { amount: "asc" }],
} satisfies { where: Prisma.PriceWhereInput; orderBy: Prisma.PriceOrderByWithRelationInput[] };

/** The paywall's active tiers; for several paywalls at once use `include: { prices: activePriceArgs }`. */
export function activePrices(paywallId: string) {
  return db.price.findMany({ where: { paywallId, ...activePriceArgs.where }, orderBy: activePriceArgs.orderBy });
}
