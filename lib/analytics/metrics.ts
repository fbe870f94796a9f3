import "server-only";
import { db } from "@/lib/db";
import type { Platform } from "@/lib/db";
import { fromMinorUnits } from "@/lib/prices/money";
import type { Metrics, MetricsItem, MetricsQuery } from "./analytics-schema";
import { ledgerTotals } from "@/lib/ledger/daily-totals";
import { mainCurrency, REVENUE_KINDS, sqlInstant, type Range } from "./ledger-figures";

const DAY_MS = 86_400_000;
/** Without `from`, the metrics cover the 30 days up to `to`. */
export const DEFAULT_METRICS_DAYS = 30;

export function metricsRange(q: Pick<MetricsQuery, "from" | "to">, now = new Date()): Required<Range> {
  const to = q.to ?? now;
  const from = q.from ?? new Date(to.getTime() - DEFAULT_METRICS_DAYS * DAY_MS);
  return { from: from > to ? to : from, to };
}

/** n ÷ d rounded to the nearest integer, halves up (n, d ≥ 0, d > 0), in BigInt. */
function divRound(n: bigint, d: bigint): number {
  return Number((2n * n + d) / (2n * d));
}

/** n ÷ d rounded half away from zero, for a signed n. */
function divRoundSigned(n: number, d: number): number {
  const q = divRound(BigInt(Math.abs(n)), BigInt(d));
  return n < 0 ? -q : q;
}

/** churned ÷ base with 4 decimals, rounded half up, in integer arithmetic. */
export function ratio4(num: number, den: number): string | null {
  if (den <= 0) return null;
  const tenThousandths = divRound(BigInt(num) * 10_000n, BigInt(den));
  return `${Math.floor(tenThousandths / 10_000)}.${String(tenThousandths % 10_000).padStart(4, "0")}`;
}

type SubRow = {
  item_type: string;
  item_id: string;
  active: bigint;
  trialing: bigint;
  past_due: bigint;
  created: bigint;
  churned: bigint;
  at_start: bigint;
  mrr_x12: bigint | null;
};
type ItemRevenueRow = { item_type: string | null; item_id: string | null; net: bigint };

const itemKey = (type: string | null, id: string | null) => `${type ?? ""}\u0000${id ?? ""}`;

/**
 * Subscription metrics of a platform in one currency. Only recurring subscriptions (monthly or
 * yearly) that someone pays for count: one-time purchases, free and grandfathered access are left
 * out. Amount, currency and interval are the subscription's own (what the buyer pays), else its
 * tier's. MRR and the subscriber counts are as of now (statuses have no history); new, churned,
 * churn rate and revenue are about the range [from, to).
 */
export async function platformMetrics(platform: Platform, q: MetricsQuery): Promise<Metrics> {
  const { from, to } = metricsRange(q);
  const currency = q.currency ?? (await mainCurrency(platform.id));
  const f = sqlInstant(from);
  const t = sqlInstant(to);
  // MRR is summed as twelve times itself (a month's amount × 12 + a year's amount), in bigint, so
  // yearly prices divide once at the end instead of rounding per subscription
  const subs = await db.$queryRaw<SubRow[]>`
    SELECT s.item_type, s.item_id,
           COUNT(*) FILTER (WHERE s.status = 'active')::bigint AS active,
           COUNT(*) FILTER (WHERE s.status = 'trialing')::bigint AS trialing,
           COUNT(*) FILTER (WHERE s.status = 'past_due')::bigint AS past_due,
           COUNT(*) FILTER (WHERE s.status <> 'incomplete' AND s.created_at >= ${f} AND s.created_at < ${t})::bigint AS created,
           COUNT(*) FILTER (WHERE s.status = 'canceled' AND s.canceled_at >= ${f} AND s.canceled_at < ${t})::bigint AS churned,
           COUNT(*) FILTER (WHERE s.status <> 'incomplete' AND s.created_at < ${f}
                              AND NOT (s.status = 'canceled' AND s.canceled_at IS NOT NULL AND s.canceled_at < ${f}))::bigint AS at_start,
           SUM(CASE WHEN s.status <> 'active' THEN 0
                    WHEN COALESCE(s.interval, p.interval) = 'month' THEN COALESCE(s.amount, p.amount, 0)::bigint * 12
                    ELSE COALESCE(s.amount, p.amount, 0)::bigint END)::bigint AS mrr_x12
      FROM subscriptions s LEFT JOIN prices p ON p.id = s.price_id
     WHERE s.platform_id = ${platform.id}
       AND COALESCE(s.interval, p.interval)::text IN ('month', 'year')
       AND COALESCE(s.currency, p.currency) = ${currency}
       AND NOT s.is_grandfathered AND s.status::text NOT IN ('free', 'grandfathered')
     GROUP BY s.item_type, s.item_id`;
  const revenue = await db.$queryRaw<ItemRevenueRow[]>`
    SELECT item_type, item_id, SUM(net_amount)::bigint AS net
      FROM ${ledgerTotals({ byItem: true, platformId: platform.id, currency, kinds: REVENUE_KINDS, from, to })} AS t
     GROUP BY item_type, item_id`;

  const sum = (pick: (r: SubRow) => bigint | null) => subs.reduce((n, r) => n + Number(pick(r) ?? 0n), 0);
  const active = sum((r) => r.active);
  const churned = sum((r) => r.churned);
  const mrrX12 = subs.reduce((n, r) => n + (r.mrr_x12 ?? 0n), 0n);
  const net = revenue.reduce((n, r) => n + Number(r.net), 0);

  // by item: every item with subscribers or revenue; names from the paywalls, in one query
  const items = new Map<string, { type: string; id: string; sub?: SubRow; net: number }>();
  for (const r of subs) items.set(itemKey(r.item_type, r.item_id), { type: r.item_type, id: r.item_id, sub: r, net: 0 });
  for (const r of revenue) {
    if (r.item_type == null || r.item_id == null) continue; // rows not about one item count in the total only
    const key = itemKey(r.item_type, r.item_id);
    const entry = items.get(key) ?? { type: r.item_type, id: r.item_id, net: 0 };
    entry.net += Number(r.net);
    items.set(key, entry);
  }
  const keys = [...items.values()];
  const paywalls = keys.length
    ? await db.paywall.findMany({
        where: { platformId: platform.id, OR: keys.map((k) => ({ itemType: k.type, itemId: k.id })) },
        select: { itemType: true, itemId: true, itemName: true },
      })
    : [];
  const names = new Map(paywalls.map((p) => [itemKey(p.itemType, p.itemId), p.itemName]));
  const byItem: (MetricsItem & { mrrMinor: number; netMinor: number })[] = keys.map((k) => {
    const mrrMinor = divRound(k.sub?.mrr_x12 ?? 0n, 12n);
    return {
      item_type: k.type,
      item_id: k.id,
      item_name: names.get(itemKey(k.type, k.id)) || k.id,
      mrr: fromMinorUnits(mrrMinor, currency),
      active_subscribers: Number(k.sub?.active ?? 0n),
      revenue: fromMinorUnits(k.net, currency),
      mrrMinor,
      netMinor: k.net,
    };
  });
  byItem.sort((a, b) => b.mrrMinor - a.mrrMinor || b.netMinor - a.netMinor || a.item_type.localeCompare(b.item_type) || a.item_id.localeCompare(b.item_id));

  return {
    currency,
    from: from.toISOString(),
    to: to.toISOString(),
    mrr: fromMinorUnits(divRound(mrrX12, 12n), currency),
    active_subscribers: active,
    trialing_subscribers: sum((r) => r.trialing),
    past_due_subscribers: sum((r) => r.past_due),
    new_subscribers: sum((r) => r.created),
    churned_subscribers: churned,
    churn_rate: ratio4(churned, sum((r) => r.at_start)),
    arpu: active ? fromMinorUnits(divRoundSigned(net, active), currency) : null,
    revenue: fromMinorUnits(net, currency),
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the sort keys stay out of the answer
    by_item: byItem.map(({ mrrMinor, netMinor, ...row }) => row),
  };
}
