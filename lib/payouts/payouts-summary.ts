import "server-only";
import { db } from "@/lib/db";
import type { Platform } from "@/lib/db";
import { fromMinorUnits } from "@/lib/prices/money";
import type { PayoutsSummary } from "./payout-schema";

type Row = { currency: string; earned: bigint; paid: bigint };

/**
 * Earnings and payouts from the ledger, per currency: `earned` is the net of the sale rows (charges
 * and tips, after commission, refunds and disputes), `paid_out`
 * what paid payouts took (their rows are negative; a paid payout that later failed has a
 * reversing row, so it nets to nothing).
 */
export async function payoutsSummary(platform: Platform): Promise<PayoutsSummary> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT currency,
           COALESCE(SUM(net_amount) FILTER (WHERE kind IN ('charge', 'tip', 'refund', 'dispute', 'dispute_won')), 0)::bigint AS earned,
           COALESCE(SUM(amount) FILTER (WHERE kind = 'payout'), 0)::bigint AS paid
      FROM ledger_entries
     WHERE platform_id = ${platform.id} AND kind IN ('charge', 'tip', 'refund', 'dispute', 'dispute_won', 'payout')
     GROUP BY currency
     ORDER BY currency`;
  return {
    by_currency: rows.map((r) => {
      const earned = Number(r.earned);
      const paidOut = -Number(r.paid);
      return {
        currency: r.currency,
        earned: fromMinorUnits(earned, r.currency),
        paid_out: fromMinorUnits(paidOut, r.currency),
        pending: fromMinorUnits(earned - paidOut, r.currency),
      };
    }),
  };
}
