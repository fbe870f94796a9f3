import "server-only";
import { db, Prisma } from "@/lib/db";
import type { Platform } from "@/lib/db";
import { ValidationError } from "@/lib/api/errors";
import { ratio4 } from "@/lib/analytics/metrics";
import { periodStarts } from "@/lib/analytics/periods";
import { DEFAULT_INSIGHTS_DAYS, MAX_INSIGHTS_DAYS, MOST_BLOCKED_LIMIT, isDeniedReason, type Insights, type InsightsItem, type InsightsQuery } from "./insights-schema";

// Monetization → Insights: the counted access decisions and the checkouts of a range, each read
// in one grouped query.

const DAY_MS = 86_400_000;
/** Most items the funnel lists (the most shown first). */
const MAX_ITEMS = 200;

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** `[from, to)` in whole UTC days; by default the last 30 days, today included. */
export function insightsRange(q: InsightsQuery, now = new Date()): { from: Date; to: Date } {
  const to = q.to ? new Date(`${q.to}T00:00:00Z`) : new Date(Date.parse(`${isoDay(now)}T00:00:00Z`) + DAY_MS);
  const from = q.from ? new Date(`${q.from}T00:00:00Z`) : new Date(to.getTime() - DEFAULT_INSIGHTS_DAYS * DAY_MS);
  const days = (to.getTime() - from.getTime()) / DAY_MS;
  // the query checks a range given whole; a single bound is checked against its default here
  if (days <= 0) throw new ValidationError({ "query.from": ["`from` must be before `to`."] }, "Invalid query: query.from.");
  if (days > MAX_INSIGHTS_DAYS) throw new ValidationError({ "query.to": [`At most ${MAX_INSIGHTS_DAYS} days at a time.`] }, "Invalid query: query.to.");
  return { from, to };
}

type ReasonDayRow = { day: string; reason: string; n: bigint };
type FunnelRow = { item_type: string; item_id: string; name: string; shown: bigint; started: bigint; paid: bigint };

const DENIED = Prisma.sql`(reason = 'no_subscription' OR left(reason, 13) = 'subscription_')`;

export async function platformInsights(platform: Platform, q: InsightsQuery, now = new Date()): Promise<Insights> {
  const { from, to } = insightsRange(q, now);
  const fromDay = isoDay(from);
  const toDay = isoDay(to);
  const inDays = Prisma.sql`platform_id = ${platform.id} AND day >= ${fromDay}::date AND day < ${toDay}::date`;

  const decisions = await db.$queryRaw<ReasonDayRow[]>`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, reason, SUM(count)::bigint AS n
      FROM access_decision_counts
     WHERE ${inDays}
     GROUP BY day, reason`;

  // the items whose paywall was shown and those with checkouts, named by catalog, else paywall (as lib/catalog/item-names)
  const funnel = await db.$queryRaw<FunnelRow[]>`
    WITH shown AS (
      SELECT item_type, item_id, SUM(count)::bigint AS shown
        FROM access_decision_counts
       WHERE ${inDays} AND ${DENIED}
       GROUP BY item_type, item_id
    ), started AS (
      SELECT item_type, item_id, COUNT(*)::bigint AS started, COUNT(*) FILTER (WHERE status = 'complete')::bigint AS paid
        FROM checkout_sessions
       WHERE platform_id = ${platform.id} AND kind = 'purchase'
         AND created_at >= ${from.toISOString()}::timestamp AND created_at < ${to.toISOString()}::timestamp
       GROUP BY item_type, item_id
    ), funnel AS (
      SELECT COALESCE(s.item_type, c.item_type) AS item_type, COALESCE(s.item_id, c.item_id) AS item_id,
             COALESCE(s.shown, 0)::bigint AS shown, COALESCE(c.started, 0)::bigint AS started, COALESCE(c.paid, 0)::bigint AS paid
        FROM shown s FULL JOIN started c ON c.item_type = s.item_type AND c.item_id = s.item_id
    )
    SELECT f.item_type, f.item_id, COALESCE(ci.name, NULLIF(p.item_name, ''), f.item_id) AS name, f.shown, f.started, f.paid
      FROM funnel f
      LEFT JOIN paywalls p ON p.platform_id = ${platform.id} AND p.item_type = f.item_type AND p.item_id = f.item_id
      LEFT JOIN catalog_items ci ON ci.platform_id = ${platform.id} AND ci.item_type = f.item_type AND ci.item_id = f.item_id
     ORDER BY f.shown DESC, f.started DESC, f.paid DESC, name ASC, f.item_type ASC, f.item_id ASC
     LIMIT ${MAX_ITEMS}`;

  const byReason = new Map<string, number>();
  const byDay = new Map<string, { allowed: number; denied: number }>();
  let total = 0;
  for (const r of decisions) {
    const n = Number(r.n);
    total += n;
    byReason.set(r.reason, (byReason.get(r.reason) ?? 0) + n);
    const d = byDay.get(r.day) ?? { allowed: 0, denied: 0 };
    if (isDeniedReason(r.reason)) d.denied += n;
    else d.allowed += n;
    byDay.set(r.day, d);
  }

  const items: InsightsItem[] = funnel.map((r) => {
    const shown = Number(r.shown);
    const paid = Number(r.paid);
    return {
      item_type: r.item_type,
      item_id: r.item_id,
      name: r.name,
      paywall_shown: shown,
      checkout_started: Number(r.started),
      paid,
      conversion: ratio4(paid, shown),
    };
  });

  const days = periodStarts(from, to, "day", MAX_INSIGHTS_DAYS) ?? [];
  return {
    from: fromDay,
    to: toDay,
    total_checks: total,
    checks_by_reason: [...byReason].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    by_day: days.map((d) => ({ day: isoDay(d), ...(byDay.get(isoDay(d)) ?? { allowed: 0, denied: 0 }) })),
    items,
    most_blocked: items.filter((i) => i.paywall_shown > 0).slice(0, MOST_BLOCKED_LIMIT),
  };
}
