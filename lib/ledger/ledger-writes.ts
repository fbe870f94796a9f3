import type { LedgerEntry, Prisma } from "@/lib/db";
import { underStripeLock } from "@/lib/stripe/stripe-lock";

export type NewLedgerEntry = Omit<Prisma.LedgerEntryCreateManyInput, "id" | "createdAt">;

type Tx = Prisma.TransactionClient;

/**
 * Writes ledger rows under the advisory lock on `lockKey` (a Stripe object id), so concurrent
 * events about the same charge compute their deltas one at a time. `build` sees the rows already
 * recorded and returns what is missing; it reads only the database (Stripe was read before).
 * (source event, kind) is unique: a replayed event writes nothing.
 */
export async function appendLedger(lockKey: string, build: (tx: Tx) => Promise<NewLedgerEntry[]>): Promise<number> {
  return underStripeLock(lockKey, async (tx) => {
    const rows = await build(tx);
    if (rows.length === 0) return 0;
    const { count } = await tx.ledgerEntry.createMany({ data: rows, skipDuplicates: true });
    return count;
  });
}

/** Rows that record money a buyer paid, which refunds and disputes reverse. */
export const SALE_KINDS = ["charge", "tip"] as const satisfies readonly LedgerEntry["kind"][];

/** The original charge (or tip) row a refund or dispute reverses. */
export function findChargeRow(tx: Tx, where: { chargeId?: string | null; paymentIntentId?: string | null }): Promise<LedgerEntry | null> {
  const or: Prisma.LedgerEntryWhereInput[] = [];
  if (where.chargeId) or.push({ stripeChargeId: where.chargeId });
  if (where.paymentIntentId) or.push({ stripePaymentIntentId: where.paymentIntentId });
  if (or.length === 0) return Promise.resolve(null);
  return tx.ledgerEntry.findFirst({ where: { kind: { in: [...SALE_KINDS] }, OR: or }, orderBy: { occurredAt: "asc" } });
}
