import "server-only";
import { db } from "@/lib/db";
import type { Platform } from "@/lib/db";
import type { CreditsDaily } from "./wallet-schema";

// Credits used, bought and granted per UTC day, with the revenue of top-ups (the revenue ledger's
// `credit_pack` rows: charges positive, refunds negative) in the currency packs are sold in.

type EntryRow = { day: string; used: bigint | number; bought: bigint | number; granted: bigint | number };
type RevenueRow = { day: string; currency: string; amount: bigint | number };

export async function creditsDaily(platform: Platform, days: number, now = new Date()): Promise<CreditsDaily> {
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  const start = new Date(end.getTime() - days * 86_400_000);
  const [entries, revenue] = await Promise.all([
    db.$queryRaw<EntryRow[]>`
      SELECT to_char(created_at, 'YYYY-MM-DD') AS day,
             COALESCE(SUM(-amount) FILTER (WHERE kind = 'usage'), 0)::bigint AS used,
             COALESCE(SUM(amount) FILTER (WHERE kind = 'topup'), 0)::bigint AS bought,
             COALESCE(SUM(amount) FILTER (WHERE kind = 'grant'), 0)::bigint AS granted
        FROM wallet_entries
       WHERE platform_id = ${platform.id} AND created_at >= (${start.toISOString()}::timestamptz AT TIME ZONE 'UTC') AND created_at < (${end.toISOString()}::timestamptz AT TIME ZONE 'UTC')
       GROUP BY 1`,
    db.$queryRaw<RevenueRow[]>`
      SELECT to_char(occurred_at, 'YYYY-MM-DD') AS day, currency, COALESCE(SUM(amount), 0)::bigint AS amount
        FROM ledger_entries
       WHERE platform_id = ${platform.id} AND item_type = 'credit_pack' AND occurred_at >= (${start.toISOString()}::timestamptz AT TIME ZONE 'UTC') AND occurred_at < (${end.toISOString()}::timestamptz AT TIME ZONE 'UTC')
       GROUP BY 1, 2`,
  ]);
  // packs are sold in one currency in practice; report the one with the most revenue rows
  const counts = new Map<string, number>();
  for (const r of revenue) counts.set(r.currency, (counts.get(r.currency) ?? 0) + 1);
  const currency = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  const byDay = new Map(entries.map((e) => [e.day, e]));
  const revByDay = new Map(revenue.filter((r) => r.currency === currency).map((r) => [r.day, Number(r.amount)]));
  const out: CreditsDaily["days"] = [];
  for (let t = start.getTime(); t < end.getTime(); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    const e = byDay.get(day);
    out.push({
      day,
      credits_used: Number(e?.used ?? 0),
      credits_bought: Number(e?.bought ?? 0),
      credits_granted: Number(e?.granted ?? 0),
      top_up_revenue: revByDay.get(day) ?? 0,
    });
  }
  return { currency, days: out };
}
