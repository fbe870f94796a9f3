import "server-only";
import { db } from "@/lib/db";
import type { OperatorRevenue, OperatorRevenueQuery } from "./analytics-schema";
import { ledgerTotals, TOTAL_SUMS } from "@/lib/ledger/daily-totals";
import { addKind, byMostSales, figuresView, REVENUE_KINDS, zeroFigures, type Figures, type KindRow } from "./ledger-figures";

type Row = KindRow & { platform_id: string; currency: string };

/**
 * Every platform's revenue per currency in [from, to), and totals per currency: gross, the
 * commission the operator earned (fees net of reversals), refunds, disputes and what reached the
 * platforms. One grouped query over the daily totals; platforms without money in the range are left out.
 */
export async function operatorRevenue(q: OperatorRevenueQuery): Promise<OperatorRevenue> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT platform_id, currency, ${TOTAL_SUMS}
      FROM ${ledgerTotals({ kinds: REVENUE_KINDS, from: q.from, to: q.to })} AS t
     GROUP BY platform_id, currency, kind`;
  const perPlatform = new Map<string, Map<string, Figures>>();
  const totals = new Map<string, Figures & { platforms: Set<string> }>();
  for (const r of rows) {
    const byCurrency = perPlatform.get(r.platform_id) ?? new Map<string, Figures>();
    byCurrency.set(r.currency, addKind(byCurrency.get(r.currency) ?? zeroFigures(), r));
    perPlatform.set(r.platform_id, byCurrency);
    const total = totals.get(r.currency) ?? { ...zeroFigures(), platforms: new Set<string>() };
    addKind(total, r);
    total.platforms.add(r.platform_id);
    totals.set(r.currency, total);
  }
  const platforms = await db.platform.findMany({ where: { id: { in: [...perPlatform.keys()] } }, select: { id: true, key: true, name: true } });
  const view = (currency: string, f: Figures) => {
    const v = figuresView(f, currency);
    return { currency, gross: v.gross, commission: v.fees, refunds: v.refunds, disputes: v.disputes, net: v.net, sales_count: f.count };
  };
  return {
    from: q.from?.toISOString() ?? null,
    to: q.to?.toISOString() ?? null,
    platforms: platforms
      .sort((a, b) => a.key.localeCompare(b.key))
      .flatMap((p) =>
        byMostSales(perPlatform.get(p.id)!).map(([currency, f]) => ({ platform_key: p.key, platform_name: p.name, ...view(currency, f) })),
      ),
    totals: byMostSales(totals).map(([currency, t]) => ({ ...view(currency, t), platform_count: t.platforms.size })),
  };
}
