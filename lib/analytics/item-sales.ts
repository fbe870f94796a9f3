import "server-only";
import { db, Prisma } from "@/lib/db";
import { fromMinorUnits } from "@/lib/prices/money";
import type { PaywallRevenue } from "@/lib/paywalls/paywall-schema";
import { TOTAL_SUMS } from "@/lib/ledger/daily-totals";
import { addKind, byMostSales, REVENUE_KINDS, zeroFigures, type Figures, type KindRow } from "./ledger-figures";

type Key = { itemType: string; itemId: string };
export const itemSalesKey = (k: Key) => `${k.itemType}\u0000${k.itemId}`;

type Row = KindRow & { item_type: string; item_id: string; currency: string };

/**
 * Sales count and net revenue per currency of each listed item, all time, in ONE grouped query
 * over the daily totals (daily-totals.ts) for the whole page (not one per item).
 */
export async function itemSales(platformId: string, items: Key[]): Promise<Map<string, { sales_count: number; revenue: PaywallRevenue[] }>> {
  const out = new Map<string, { sales_count: number; revenue: PaywallRevenue[] }>();
  if (!items.length) return out;
  const pairs = Prisma.join(items.map((i) => Prisma.sql`(${i.itemType}, ${i.itemId})`));
  const rows = await db.$queryRaw<Row[]>`
    SELECT item_type, item_id, currency, ${TOTAL_SUMS}
      FROM ledger_daily_item_totals
     WHERE platform_id = ${platformId} AND kind::text IN (${Prisma.join([...REVENUE_KINDS])})
       AND (item_type, item_id) IN (${pairs})
     GROUP BY item_type, item_id, currency, kind`;
  const grouped = new Map<string, Map<string, Figures>>();
  for (const r of rows) {
    const key = itemSalesKey({ itemType: r.item_type, itemId: r.item_id });
    const byCurrency = grouped.get(key) ?? new Map<string, Figures>();
    byCurrency.set(r.currency, addKind(byCurrency.get(r.currency) ?? zeroFigures(), r));
    grouped.set(key, byCurrency);
  }
  for (const [key, byCurrency] of grouped) {
    const revenue = byMostSales(byCurrency).map(([currency, f]) => ({ currency, amount: fromMinorUnits(f.net, currency), sales_count: f.count }));
    out.set(key, { sales_count: revenue.reduce((n, r) => n + r.sales_count, 0), revenue });
  }
  return out;
}
