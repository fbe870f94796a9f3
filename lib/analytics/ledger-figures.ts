import "server-only";
import { db } from "@/lib/db";
import { fromMinorUnits } from "@/lib/prices/money";
import { ledgerTotals, sqlInstant, TOTAL_SUMS } from "@/lib/ledger/daily-totals";

// The revenue figures every money view shares, summed in SQL from the ledger's daily totals
// (lib/ledger/daily-totals.ts: exact and as fresh as the ledger). Only the rows that
// move a sale's money count: charge, tip, refund, dispute and dispute_won. Payouts move the
// platform's own balance to its bank and application_fee / adjustment rows are bookkeeping, so
// none of them is revenue. A tip is money a buyer paid like a charge (in gross, fees and net) and
// is also shown on its own; it is not a sale, so it does not count in the number of sales.

export const REVENUE_KINDS = ["charge", "tip", "refund", "dispute", "dispute_won"] as const;

export type Range = { from?: Date; to?: Date };

/**
 * Minor-unit sums of one currency (and platform, item or period, whatever was grouped). `gross`
 * is what buyers paid (charges and tips, after discounts); `discounts` what promotion codes took
 * off charges (so charges' list prices sum to gross − tips + discounts); `tips` the tips' part of gross.
 */
export type Figures = { gross: number; fees: number; refunds: number; disputes: number; net: number; discounts: number; tips: number; count: number };

export const zeroFigures = (): Figures => ({ gross: 0, fees: 0, refunds: 0, disputes: 0, net: 0, discounts: 0, tips: 0, count: 0 });

/** One grouped row of a ledger query: the sums of one kind inside one group. */
export type KindRow = {
  kind: string;
  amount: bigint | number;
  fee: bigint | number;
  net: bigint | number;
  discount?: bigint | number | null;
  rows: bigint | number;
};

/** Folds one kind's sums into the figures of its group. */
export function addKind(f: Figures, r: KindRow): Figures {
  const amount = Number(r.amount);
  f.fees += Number(r.fee);
  f.net += Number(r.net);
  if (r.kind === "charge") {
    f.gross += amount;
    f.discounts += Number(r.discount ?? 0);
    f.count += Number(r.rows);
  } else if (r.kind === "tip") {
    f.gross += amount;
    f.tips += amount;
  } else if (r.kind === "refund") f.refunds += amount;
  else if (r.kind === "dispute" || r.kind === "dispute_won") f.disputes += amount;
  return f;
}

/** The figures as the API speaks them: signed decimal strings in `currency`. */
export function figuresView(f: Figures, currency: string) {
  return {
    gross: fromMinorUnits(f.gross, currency),
    fees: fromMinorUnits(f.fees, currency),
    refunds: fromMinorUnits(f.refunds, currency),
    disputes: fromMinorUnits(f.disputes, currency),
    net: fromMinorUnits(f.net, currency),
  };
}

/** Discounts and tips as the revenue view speaks them (the timeseries and operator views leave them out). */
export function promotionFiguresView(f: Figures, currency: string) {
  return { discounts: fromMinorUnits(f.discounts, currency), tips: fromMinorUnits(f.tips, currency) };
}

export { sqlInstant };

type CurrencyKindRow = KindRow & { currency: string };

/** The revenue rows of a platform as per-day sums (daily-totals.ts): what the platform views group. */
export const revenueTotals = (platformId: string, range: Range = {}, currency?: string) =>
  ledgerTotals({ platformId, currency, kinds: REVENUE_KINDS, from: range.from, to: range.to });

/** A platform's figures per currency in the range, in one grouped query. */
export async function figuresByCurrency(platformId: string, range: Range, currency?: string): Promise<Map<string, Figures>> {
  const rows = await db.$queryRaw<CurrencyKindRow[]>`
    SELECT currency, ${TOTAL_SUMS}
      FROM ${revenueTotals(platformId, range, currency)} AS t
     GROUP BY currency, kind`;
  const out = new Map<string, Figures>();
  for (const r of rows) out.set(r.currency, addKind(out.get(r.currency) ?? zeroFigures(), r));
  return out;
}

/** Currencies by number of sales (then code), most first. */
export function byMostSales<T extends { count: number }>(entries: Iterable<[string, T]>): [string, T][] {
  return [...entries].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]));
}

/**
 * The platform's main currency: the one of most sales (charges) ever; without sales, the one most of its
 * subscriptions are in; "usd" for a platform with neither.
 */
export async function mainCurrency(platformId: string): Promise<string> {
  const sales = await db.$queryRaw<{ currency: string }[]>`
    SELECT currency FROM ledger_daily_totals WHERE platform_id = ${platformId} AND kind = 'charge'
     GROUP BY currency ORDER BY SUM(entries) DESC, currency ASC LIMIT 1`;
  if (sales[0]) return sales[0].currency;
  const subs = await db.subscription.groupBy({
    by: ["currency"],
    where: { platformId, currency: { not: null } },
    _count: { _all: true },
  });
  subs.sort((a, b) => b._count._all - a._count._all || (a.currency ?? "").localeCompare(b.currency ?? ""));
  return subs[0]?.currency ?? "usd";
}
