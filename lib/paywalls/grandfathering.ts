import type { Paywall, Prisma } from "@/lib/db";

/**
 * free_forever: everyone who accessed the item before the paywall's cutoff keeps access through a
 * `grandfathered` subscription. Runs inside the enabling transaction; users who already have a
 * subscription row for the item are left as they are.
 */
export async function grandfatherEarlierUsers(tx: Prisma.TransactionClient, paywall: Paywall): Promise<number> {
  if (paywall.grandfatheringStrategy !== "free_forever" || !paywall.paywallEnabledAt) return 0;
  const accesses = await tx.itemAccess.findMany({
    where: {
      platformId: paywall.platformId,
      itemType: paywall.itemType,
      itemId: paywall.itemId,
      firstAccessAt: { lt: paywall.paywallEnabledAt },
    },
    include: { user: { select: { email: true } } },
  });
  if (accesses.length === 0) return 0;
  const existing = await tx.subscription.findMany({
    where: { platformId: paywall.platformId, itemType: paywall.itemType, itemId: paywall.itemId, userId: { in: accesses.map((a) => a.userId) } },
    select: { userId: true },
  });
  const covered = new Set(existing.map((s) => s.userId));
  const rows = accesses
    .filter((a) => !covered.has(a.userId))
    .map((a) => ({
      platformId: paywall.platformId,
      paywallId: paywall.id,
      itemType: paywall.itemType,
      itemId: paywall.itemId,
      userId: a.userId,
      email: a.user.email,
      status: "grandfathered" as const,
      isGrandfathered: true,
      currentPeriodStart: paywall.paywallEnabledAt,
    }));
  if (rows.length) await tx.subscription.createMany({ data: rows });
  return rows.length;
}
