import { db } from "@/lib/db";
import type { LedgerEntry, Prisma } from "@/lib/db";

export type NewLedgerEntry = Omit<Prisma.LedgerEntryCreateManyInput, "id" | "createdAt">;

type Tx = Prisma.TransactionClient;

/**
 * Writes ledger rows under a transaction-scoped advisory lock on `lockKey` (a Stripe object id),
 * so concurrent events about the same charge compute their deltas one at a time. `build` sees the
 * rows already recorded and returns what is missing. (source event, kind) is unique: a replayed
 * event writes nothing.
 */
export async function appendLedger(lockKey: string, build: (tx: Tx) => Promise<NewLedgerEntry[]>): Promise<number> {
  return db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext(${lockKey}))) AS l`;
      const rows = await build(tx);
      if (rows.length === 0) return 0;
      const { count } = await tx.ledgerEntry.createMany({ data: rows, skipDuplicates: true });
      return count;
    },
    // `build` may re-read Stripe while holding the lock
    { maxWait: 15_000, timeout: 60_000 },
  );
}

/** The original charge row a refund or dispute reverses. */
export function findChargeRow(tx: Tx, where: { chargeId?: string | null; paymentIntentId?: string | null }): Promise<LedgerEntry | null> {
  const or: Prisma.LedgerEntryWhereInput[] = [];
  if (where.chargeId) or.push({ stripeChargeId: where.chargeId });
  if (where.paymentIntentId) or.push({ stripePaymentIntentId: where.paymentIntentId });
  if (or.length === 0) return Promise.resolve(null);
  return tx.ledgerEntry.findFirst({ where: { kind: "charge", OR: or }, orderBy: { occurredAt: "asc" } });
}
