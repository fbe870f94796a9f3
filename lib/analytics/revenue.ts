import "server-only";
import { db } from "@/lib/db";
import type { Platform } from "@/lib/db";
import { fromMinorUnits } from "@/lib/prices/money";
import type { Revenue } from "./analytics-schema";

type Row = { currency: string; kind: string; amount: bigint; fee: bigint; net: bigint; rows: bigint };

/**
 * Revenue of a platform, from the ledger: `sales_volume` is what reached the platform (net of the
 * commission, refunds and disputes), `sales_count` the number of paid sales. Per currency, with
 * the currency of most sales at the top level.
 */
export async function platformRevenue(platform: Platform): Promise<Revenue> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT currency, kind::text AS kind, SUM(amount)::bigint AS amount, SUM(fee_amount)::bigint AS fee,
           SUM(net_amount)::bigint AS net, COUNT(*)::bigint AS rows
      FROM ledger_entries WHERE platform_id = ${platform.id}
     GROUP BY currency, kind`;
  const byCurrency = new Map<string, { gross: number; fees: number; net: number; refunds: number; disputes: number; count: number }>();
  for (const r of rows) {
    const c = byCurrency.get(r.currency) ?? { gross: 0, fees: 0, net: 0, refunds: 0, disputes: 0, count: 0 };
    c.net += Number(r.net);
    c.fees += Number(r.fee);
    if (r.kind === "charge") {
      c.gross += Number(r.amount);
      c.count += Number(r.rows);
    } else if (r.kind === "refund") c.refunds += Number(r.amount);
    else if (r.kind === "dispute" || r.kind === "dispute_won") c.disputes += Number(r.amount);
    byCurrency.set(r.currency, c);
  }
  const list = [...byCurrency.entries()]
    .sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))
    .map(([currency, c]) => ({
      currency,
      sales_volume: fromMinorUnits(c.net, currency),
      sales_count: c.count,
      gross_volume: fromMinorUnits(c.gross, currency),
      commission: fromMinorUnits(c.fees, currency),
      refunds: fromMinorUnits(c.refunds, currency),
      disputes: fromMinorUnits(c.disputes, currency),
    }));
  const top = list[0];
  return {
    sales_volume: top?.sales_volume ?? "0.00",
    sales_count: top?.sales_count ?? 0,
    currency: top?.currency ?? "usd",
    by_currency: list,
  };
}
