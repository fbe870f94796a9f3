import "server-only";
import type { Platform } from "@/lib/db";
import { fromMinorUnits } from "@/lib/prices/money";
import type { Revenue, RevenueByCurrency, RevenueQuery } from "./analytics-schema";
import { byMostSales, figuresByCurrency, figuresView, promotionFiguresView, zeroFigures, type Figures } from "./ledger-figures";

function currencyRow(currency: string, f: Figures): RevenueByCurrency {
  const view = figuresView(f, currency);
  return {
    currency,
    sales_volume: view.net,
    sales_count: f.count,
    gross_volume: view.gross,
    commission: view.fees,
    ...view,
    ...promotionFiguresView(f, currency),
  };
}

/**
 * Revenue of a platform, from the ledger (see ledger-figures.ts for what each figure sums), in the
 * half-open range [from, to) and per currency; the top level is in the requested currency, else
 * in the currency of most sales in the range.
 */
export async function platformRevenue(platform: Platform, q: RevenueQuery = {}): Promise<Revenue> {
  const byCurrency = await figuresByCurrency(platform.id, q, q.currency);
  const list = byMostSales(byCurrency).map(([currency, f]) => currencyRow(currency, f));
  const top = q.currency ? (list[0] ?? currencyRow(q.currency, zeroFigures())) : list[0];
  const currency = top?.currency ?? "usd";
  const zero = fromMinorUnits(0, currency);
  return {
    sales_volume: top?.sales_volume ?? zero,
    sales_count: top?.sales_count ?? 0,
    currency,
    gross: top?.gross ?? zero,
    fees: top?.fees ?? zero,
    refunds: top?.refunds ?? zero,
    disputes: top?.disputes ?? zero,
    net: top?.net ?? zero,
    discounts: top?.discounts ?? zero,
    tips: top?.tips ?? zero,
    from: q.from?.toISOString() ?? null,
    to: q.to?.toISOString() ?? null,
    by_currency: list,
  };
}
