import "server-only";
import { Prisma } from "@/lib/db";

// ledger_daily_totals holds the ledger's sums per platform, UTC day, currency and kind, and
// ledger_daily_item_totals the same per item too, both maintained by a trigger in the same
// transaction as every insert (migration 20261202160000_bench_indexes), so they are as exact and
// as fresh as the ledger itself. A range [from, to) is read as its whole UTC days from the totals
// plus, at either end, the rows of the partial day from ledger_entries: a year of a busy platform
// is a few thousand total rows and at most two days of entries instead of every entry.

const DAY_MS = 86_400_000;

/**
 * A bound as SQL. The column is `timestamp` (without time zone) holding UTC; an ISO string with
 * `Z` cast to `timestamp` keeps its wall-clock digits, so the comparison is exact in UTC whatever
 * the session's time zone and however the driver would have typed a Date parameter.
 */
export const sqlInstant = (d: Date) => Prisma.sql`${d.toISOString()}::timestamp`;
const sqlDay = (d: Date) => Prisma.sql`${d.toISOString().slice(0, 10)}::date`;

export type TotalsFilter = {
  /** with `item_type` and `item_id` columns (the per-item table); implied by an item filter */
  byItem?: boolean;
  platformId?: string;
  currency?: string;
  kinds?: readonly string[];
  kind?: string;
  itemType?: string;
  itemId?: string;
  from?: Date;
  to?: Date;
};

function conditions(f: TotalsFilter): Prisma.Sql[] {
  const parts: Prisma.Sql[] = [];
  if (f.kinds) parts.push(Prisma.sql`kind::text IN (${Prisma.join([...f.kinds])})`);
  if (f.kind) parts.push(Prisma.sql`kind::text = ${f.kind}`);
  if (f.platformId) parts.push(Prisma.sql`platform_id = ${f.platformId}`);
  if (f.currency) parts.push(Prisma.sql`currency = ${f.currency}`);
  if (f.itemType) parts.push(Prisma.sql`item_type = ${f.itemType}`);
  if (f.itemId) parts.push(Prisma.sql`item_id = ${f.itemId}`);
  return parts;
}

const where = (parts: Prisma.Sql[]) => (parts.length ? Prisma.sql`WHERE ${Prisma.join(parts, " AND ")}` : Prisma.empty);

const byItem = (f: TotalsFilter) => Boolean(f.byItem || f.itemType || f.itemId);
const columns = (f: TotalsFilter) => Prisma.raw(byItem(f) ? "platform_id, currency, kind, item_type, item_id" : "platform_id, currency, kind");

/** Entries in [from, to), one row each, in the totals' shape. */
function entries(f: TotalsFilter, from: Date | undefined, to: Date | undefined): Prisma.Sql {
  const parts = conditions(f);
  if (from) parts.push(Prisma.sql`occurred_at >= ${sqlInstant(from)}`);
  if (to) parts.push(Prisma.sql`occurred_at < ${sqlInstant(to)}`);
  return Prisma.sql`SELECT date_trunc('day', occurred_at) AS day, ${columns(f)}, amount::bigint AS amount, fee_amount::bigint AS fee_amount,
           net_amount::bigint AS net_amount, discount_amount::bigint AS discount_amount, 1::bigint AS entries
      FROM ledger_entries ${where(parts)}`;
}

/**
 * The ledger rows the filter selects, as a subquery of per-day sums with the columns `day`
 * (timestamp, the UTC day), `platform_id`, `currency`, `kind`, with `byItem` `item_type` and
 * `item_id`, then `amount`, `fee_amount`, `net_amount`, `discount_amount` and `entries` (how many rows). Summing any column over it gives
 * exactly what summing ledger_entries would; `date_trunc` of `day` by day, week or month gives the
 * period of every row in it.
 */
export function ledgerTotals(f: TotalsFilter): Prisma.Sql {
  const firstDay = f.from ? new Date(Math.ceil(f.from.getTime() / DAY_MS) * DAY_MS) : undefined;
  const endDay = f.to ? new Date(Math.floor(f.to.getTime() / DAY_MS) * DAY_MS) : undefined;
  if (firstDay && endDay && firstDay >= endDay) return Prisma.sql`(${entries(f, f.from, f.to)})`;
  const parts = conditions(f);
  if (firstDay) parts.push(Prisma.sql`day >= ${sqlDay(firstDay)}`);
  if (endDay) parts.push(Prisma.sql`day < ${sqlDay(endDay)}`);
  const branches = [
    Prisma.sql`SELECT day::timestamp AS day, ${columns(f)}, amount, fee_amount, net_amount, discount_amount, entries
      FROM ${Prisma.raw(byItem(f) ? "ledger_daily_item_totals" : "ledger_daily_totals")} ${where(parts)}`,
  ];
  if (f.from && firstDay && firstDay > f.from) branches.push(entries(f, f.from, firstDay));
  if (f.to && endDay && endDay < f.to) branches.push(entries(f, endDay, f.to));
  return Prisma.sql`(${Prisma.join(branches, " UNION ALL ")})`;
}

/** The sums every grouped query over ledgerTotals selects, per kind (`kind`, `amount`, `fee`, `net`, `discount`, `rows`). */
export const TOTAL_SUMS = Prisma.sql`kind::text AS kind, SUM(amount)::bigint AS amount, SUM(fee_amount)::bigint AS fee,
           SUM(net_amount)::bigint AS net, SUM(discount_amount)::bigint AS discount, SUM(entries)::bigint AS rows`;
