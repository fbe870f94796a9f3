import "server-only";
import { db } from "@/lib/db";
import type { LedgerKind, Prisma } from "@/lib/db";
import { pageArgs, pageOf } from "@/lib/api/pagination";
import { fromMinorUnits } from "@/lib/prices/money";
import { ledgerTotals } from "./daily-totals";
import { LEDGER_KINDS, type LedgerFilters, type LedgerPage, type LedgerQuery, type LedgerRow } from "./ledger-schema";

// The platform admin's view of its ledger: filtered, paged rows (newest first) for the list, and
// the same filters for the CSV export (ledger-export.ts).

// the pure schema lists the kinds by hand; this fails to compile when the enum gains or loses one
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const kindsMatch: Same<LedgerKind, (typeof LEDGER_KINDS)[number]> = true;
void kindsMatch;

export const ledgerRowSelect = {
  id: true,
  kind: true,
  amount: true,
  feeAmount: true,
  netAmount: true,
  discountAmount: true,
  feeBps: true,
  currency: true,
  itemType: true,
  itemId: true,
  stripeChargeId: true,
  sourceEventId: true,
  occurredAt: true,
  // the row links the internal id; callers know a subscription by its unique id
  subscription: { select: { uniqueId: true } },
} as const satisfies Prisma.LedgerEntrySelect;
export type LedgerEntryRow = Prisma.LedgerEntryGetPayload<{ select: typeof ledgerRowSelect }>;

export function ledgerRow(e: LedgerEntryRow): LedgerRow {
  return {
    id: e.id,
    kind: e.kind,
    amount: fromMinorUnits(e.amount, e.currency),
    fee_amount: fromMinorUnits(e.feeAmount, e.currency),
    net_amount: fromMinorUnits(e.netAmount, e.currency),
    discount_amount: fromMinorUnits(e.discountAmount, e.currency),
    gross_amount: fromMinorUnits(e.amount + e.discountAmount, e.currency),
    fee_bps: e.feeBps,
    currency: e.currency,
    item_type: e.itemType,
    item_id: e.itemId,
    subscription_id: e.subscription?.uniqueId ?? null,
    stripe_charge_id: e.stripeChargeId,
    source_event_id: e.sourceEventId,
    occurred_at: e.occurredAt.toISOString(),
  };
}

/** The rows of `platformId` the filters select (from inclusive, to exclusive). */
export function ledgerWhere(platformId: string, f: LedgerFilters): Prisma.LedgerEntryWhereInput {
  return {
    platformId,
    ...(f.kind ? { kind: f.kind } : {}),
    ...(f.item_type ? { itemType: f.item_type } : {}),
    ...(f.item_id ? { itemId: f.item_id } : {}),
    ...(f.stripe_charge_id ? { stripeChargeId: f.stripe_charge_id } : {}),
    ...(f.from || f.to ? { occurredAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
  };
}

/**
 * How many rows the filters select: from the daily totals (a year is a few thousand rows, not
 * every entry) unless a charge id is asked for, which the totals do not keep.
 */
async function ledgerCount(platformId: string, f: LedgerFilters, where: Prisma.LedgerEntryWhereInput): Promise<number> {
  if (f.stripe_charge_id) return db.ledgerEntry.count({ where });
  const totals = ledgerTotals({ platformId, kind: f.kind, itemType: f.item_type, itemId: f.item_id, from: f.from, to: f.to });
  const [row] = await db.$queryRaw<{ n: bigint | number | null }[]>`SELECT SUM(entries)::bigint AS n FROM ${totals} AS t`;
  return Number(row?.n ?? 0);
}

/** A page of the platform's ledger, newest first (ties broken by id, so pages never overlap). */
export async function listLedger(platformId: string, q: LedgerQuery): Promise<LedgerPage> {
  const where = ledgerWhere(platformId, q);
  const [count, rows] = await Promise.all([
    ledgerCount(platformId, q, where),
    db.ledgerEntry.findMany({ where, select: ledgerRowSelect, orderBy: [{ occurredAt: "desc" }, { id: "desc" }], ...pageArgs(q) }),
  ]);
  return pageOf(rows.map(ledgerRow), count, q);
}
