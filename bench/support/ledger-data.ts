// Bulk data for the ledger benchmarks: a year of acme's ledger written in a few INSERT … SELECT
// generate_series statements (fast on PostgreSQL and PGlite alike), shaped like real entries —
// mostly charges, some tips, refunds and disputes, three currencies, twenty items.
import type { Stack } from "../../reliability/support/harness";
import { withDb, type Query } from "../../reliability/money/db";

/** The database of a started stack: direct on PostgreSQL; on PGlite only while the app is stopped. */
export async function withStackDb<T>(stack: Stack, fn: (q: Query) => Promise<T>): Promise<T> {
  const url = stack.secrets.databaseUrl;
  return withDb(url ? { url } : { pgliteDataDir: stack.app.dataDir }, fn);
}

export async function platformId(q: Query, key = "acme"): Promise<string> {
  const rows = await q("SELECT id FROM platforms WHERE key = $1", [key]);
  if (!rows[0]) throw new Error(`no platform ${key}`);
  return String(rows[0].id);
}

export async function ledgerCount(q: Query, platform?: string): Promise<number> {
  const rows = platform ? await q("SELECT COUNT(*)::int AS n FROM ledger_entries WHERE platform_id = $1", [platform]) : await q("SELECT COUNT(*)::int AS n FROM ledger_entries");
  return Number(rows[0].n);
}

/**
 * Appends `rows` ledger entries to the platform, spread evenly over the year before `now`, in
 * chunks of 100,000 (one statement each). Ids and source event ids are `bench_<batch>_<n>`, so
 * several loads never collide with each other or with real rows.
 */
export async function loadLedger(q: Query, opts: { platformId: string; rows: number; now?: Date; chunk?: number; log?: (m: string) => void }): Promise<void> {
  const now = (opts.now ?? new Date()).toISOString();
  const batch = Date.now().toString(36);
  const chunk = opts.chunk ?? 100_000;
  for (let start = 1; start <= opts.rows; start += chunk) {
    const end = Math.min(opts.rows, start + chunk - 1);
    // kind by g % 100: 90 charge, 4 tip, 4 refund, 1 dispute, 1 dispute_won; currency: 7 usd, 2 eur, 1 gbp;
    // item, currency and kind vary independently enough that every day has most combinations
    await q(
      `INSERT INTO ledger_entries (id, kind, amount, currency, fee_bps, fee_amount, net_amount, discount_amount, platform_id,
                                   item_type, item_id, source_event_id, description, occurred_at, created_at)
       SELECT 'bench_' || $2 || '_' || g, k.kind::"LedgerKind", k.amount, c.currency, 500,
              k.amount * 5 / 100, k.amount - k.amount * 5 / 100, CASE WHEN g % 17 = 0 AND k.kind = 'charge' THEN 100 ELSE 0 END,
              $1, 'course', 'bench-item-' || (g / 7 % 20), 'evt_bench_' || $2 || '_' || g, k.description,
              $3::timestamp - ((g * 31536000::bigint / $4) || ' seconds')::interval, now()
         FROM generate_series($5::int, $6::int) AS g
         CROSS JOIN LATERAL (SELECT CASE WHEN g % 100 < 90 THEN 'charge' WHEN g % 100 < 94 THEN 'tip' WHEN g % 100 < 98 THEN 'refund'
                                         WHEN g % 100 < 99 THEN 'dispute' ELSE 'dispute_won' END AS kind) AS kk
         CROSS JOIN LATERAL (SELECT kk.kind,
                                    CASE WHEN kk.kind IN ('refund', 'dispute') THEN -1 ELSE 1 END * (900 + (g % 7) * 1000) AS amount,
                                    CASE kk.kind WHEN 'charge' THEN 'Subscription renewal' WHEN 'tip' THEN 'Tip' WHEN 'refund' THEN 'Refund'
                                                 WHEN 'dispute' THEN 'Dispute opened' ELSE 'Dispute won' END AS description) AS k
         CROSS JOIN LATERAL (SELECT CASE WHEN g / 3 % 10 < 7 THEN 'usd' WHEN g / 3 % 10 < 9 THEN 'eur' ELSE 'gbp' END AS currency) AS c`,
      [opts.platformId, batch, now, opts.rows, start, end],
    );
    opts.log?.(`ledger rows ${end.toLocaleString("en")} / ${opts.rows.toLocaleString("en")}`);
  }
  // fresh statistics and visibility map, as autovacuum would have them on a table that grew slowly
  await q("VACUUM ANALYZE ledger_entries");
}
