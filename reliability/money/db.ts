// Direct reads of the app's database for fingerprints and orphan checks: the embedded PGlite
// folder (only once the app that owns it has stopped) or a PostgreSQL URL. Also a database of
// its own per scenario on the PostgreSQL server of RELIABILITY_DATABASE_URL.
import crypto from "node:crypto";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";

export type Row = Record<string, unknown>;
export type Query = (sql: string, params?: unknown[]) => Promise<Row[]>;
export type DbTarget = { pgliteDataDir: string } | { url: string };

/** Opens the database, runs fn, closes it. For PGlite pass the app's DATA_DIR (the app must be stopped). */
export async function withDb<T>(target: DbTarget, fn: (q: Query) => Promise<T>): Promise<T> {
  if ("url" in target) {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      return await fn(async (sql, params) => (await client.query(sql, params as unknown[])).rows as Row[]);
    } finally {
      await client.end();
    }
  }
  const db = new PGlite(path.join(target.pgliteDataDir, "pglite"));
  await db.waitReady;
  try {
    return await fn(async (sql, params) => (await db.query<Row>(sql, params as unknown[])).rows);
  } finally {
    await db.close();
  }
}

export function adminUrl(): string | undefined {
  return process.env.RELIABILITY_DATABASE_URL || undefined;
}

/** CREATE DATABASE with a random name on the admin URL's server; drop() removes it. */
export async function createDatabase(admin: string, prefix = "tollgate_rel"): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${crypto.randomBytes(5).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * The ledger as count and amount per (platform, kind, currency), and commission and net per
 * (platform, currency). Per kind the commission is not compared: when a refund and a dispute of
 * one charge together exceed it, the capped reversal goes to whichever arrived first (a known,
 * open difference); what the ledger owes per charge and currency is the same in any order.
 */
export async function ledgerLines(q: Query): Promise<string[]> {
  const byKind = await q(
    `SELECT p.key AS pk, l.kind::text AS kind, l.currency, count(*)::int AS n, sum(l.amount)::bigint AS amount
       FROM ledger_entries l JOIN platforms p ON p.id = l.platform_id
      GROUP BY p.key, l.kind, l.currency ORDER BY 1, 2, 3`,
  );
  const byCurrency = await q(
    `SELECT p.key AS pk, l.currency, sum(l.fee_amount)::bigint AS fee, sum(l.net_amount)::bigint AS net
       FROM ledger_entries l JOIN platforms p ON p.id = l.platform_id
      GROUP BY p.key, l.currency ORDER BY 1, 2`,
  );
  return [
    ...byKind.map((r) => `ledger ${r.pk} ${r.kind} ${r.currency}: n=${r.n} amount=${r.amount}`),
    ...byCurrency.map((r) => `ledger ${r.pk} ${r.currency}: fee=${r.fee} net=${r.net}`),
  ];
}

/** Every subscription row: (platform, item, e-mail) → status and flags. */
export async function subscriptionLines(q: Query): Promise<string[]> {
  const rows = await q(
    `SELECT p.key AS pk, s.item_type, s.item_id, s.email, s.status::text AS status, s.cancel_at_period_end AS cape,
            (s.user_id IS NOT NULL) AS claimed, s.had_trial
       FROM subscriptions s JOIN platforms p ON p.id = s.platform_id ORDER BY 1, 2, 3, 4, 5`,
  );
  return rows.map((r) => `db-sub ${r.pk}/${r.item_type}/${r.item_id} ${r.email}: ${r.status}${r.cape ? " cancel_at_period_end" : ""}${r.claimed ? "" : " unclaimed"}${r.had_trial ? " had_trial" : ""}`);
}

export type EventHealth = { total: number; processed: number; unprocessed: string[]; errored: string[]; locked: string[]; skipped: number };

/** stripe_events: what was never processed, what still holds an error or a lock. */
export async function eventHealth(q: Query): Promise<EventHealth> {
  const rows = await q(`SELECT id, type, processed_at, process_error, locked_until, attempts FROM stripe_events ORDER BY received_at`);
  const out: EventHealth = { total: rows.length, processed: 0, unprocessed: [], errored: [], locked: [], skipped: 0 };
  for (const r of rows) {
    const err = r.process_error ? String(r.process_error) : "";
    if (r.processed_at) {
      out.processed++;
      if (err.startsWith("skipped")) out.skipped++;
    } else {
      out.unprocessed.push(`${r.id} ${r.type} (attempts ${r.attempts}${err ? `, error: ${err.slice(0, 120)}` : ""})`);
      if (err) out.errored.push(`${r.id} ${r.type}: ${err.slice(0, 160)}`);
    }
    if (r.locked_until && !r.processed_at) out.locked.push(`${r.id} ${r.type} locked until ${new Date(String(r.locked_until)).toISOString()}`);
  }
  return out;
}

/** Checkout sessions by (platform, item, e-mail, status). */
export async function checkoutLines(q: Query): Promise<string[]> {
  const rows = await q(
    `SELECT p.key AS pk, c.item_type, c.item_id, c.email, c.status::text AS status, count(*)::int AS n
       FROM checkout_sessions c JOIN platforms p ON p.id = c.platform_id
      GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
  );
  return rows.map((r) => `checkout ${r.pk}/${r.item_type}/${r.item_id} ${r.email}: ${r.status} ×${r.n}`);
}

/** Sale events by (platform, type, item, buyer): once per Stripe fact, so the same in every run. */
export async function saleEventLines(q: Query): Promise<string[]> {
  const rows = await q(
    `SELECT p.key AS pk, e.type, e.payload->'data'->'item'->>'id' AS item, e.payload->'data'->'buyer'->>'email' AS email, count(*)::int AS n
       FROM sale_events e JOIN platforms p ON p.id = e.platform_id
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
  );
  return rows.map((r) => `sale event ${r.pk} ${r.type} ${r.item} ${r.email} ×${r.n}`);
}

export type MailHealth = { events: number; fannedOut: number; rows: Record<string, number>; sentIds: string[] };

/** The e-mail rows by status and the ids of those sent; sale events and how many were fanned out. */
export async function mailHealth(q: Query): Promise<MailHealth> {
  const ev = (await q(`SELECT count(*)::int AS n, count(fanned_out_at)::int AS f FROM sale_events`))[0];
  const rows: Record<string, number> = {};
  for (const r of await q(`SELECT status::text AS status, count(*)::int AS n FROM email_messages GROUP BY 1`)) rows[String(r.status)] = Number(r.n);
  const sentIds = (await q(`SELECT id::text AS id FROM email_messages WHERE status = 'sent'`)).map((r) => String(r.id));
  return { events: Number(ev.n), fannedOut: Number(ev.f), rows, sentIds };
}
