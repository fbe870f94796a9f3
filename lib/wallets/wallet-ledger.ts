import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import type { Wallet, WalletEntry, WalletEntryKind } from "@/lib/db";

// The wallet ledger: every change of a balance is one statement that moves `wallets.balance` and
// appends the matching `wallet_entries` row together, so the sum of entries is the balance and a
// repeated source key (a replayed webhook, a retried request) changes nothing.

export type EntryInput = {
  sourceKey?: string | null;
  reason?: string;
  itemType?: string | null;
  itemId?: string | null;
  units?: number | null;
  metadata?: Record<string, unknown>;
};

export type DebitInput = EntryInput & { partial?: boolean; enforceCaps?: boolean };
export type DebitResult =
  | { ok: true; entry: WalletEntry; balance: number; charged: number; duplicate: boolean }
  | { ok: false; code: "insufficient_credits" | "spend_cap_reached"; balance: number };

const CREDIT_KINDS: readonly WalletEntryKind[] = ["topup", "deposit", "grant", "refund", "adjustment"];
const DEBIT_KINDS: readonly WalletEntryKind[] = ["usage", "expiry", "refund", "adjustment"];

function assertAmount(amount: number, allowZero = false) {
  if (!Number.isSafeInteger(amount) || amount < (allowZero ? 0 : 1)) throw new RangeError("amount must be a whole number of credits > 0");
}

/** Get or create the wallet of (platform, user). */
export async function walletFor(platformId: string, userId: string): Promise<Wallet> {
  // a read first: the upsert is a transaction of four statements, needed only the first time
  const found = await db.wallet.findUnique({ where: { platformId_userId: { platformId, userId } } });
  return found ?? db.wallet.upsert({ where: { platformId_userId: { platformId, userId } }, create: { platformId, userId }, update: {} });
}

/** The caps that bind: min(admin cap ?? platform default, user cap). */
export function effectiveCaps(
  wallet: Pick<Wallet, "dailyCap" | "monthlyCap" | "userDailyCap" | "userMonthlyCap">,
  platform: { defaultDailyCap: number | null; defaultMonthlyCap: number | null },
): { daily: number | null; monthly: number | null } {
  const min = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
  return {
    daily: min(wallet.dailyCap ?? platform.defaultDailyCap, wallet.userDailyCap),
    monthly: min(wallet.monthlyCap ?? platform.defaultMonthlyCap, wallet.userMonthlyCap),
  };
}

/** Spend of the current UTC day and month (a stored period that is over counts as zero). */
export function periodSpend(wallet: Pick<Wallet, "dayStart" | "daySpent" | "monthStart" | "monthSpent">, now = new Date()) {
  const day = now.toISOString().slice(0, 10);
  const month = day.slice(0, 7);
  return {
    daySpent: wallet.dayStart.toISOString().slice(0, 10) === day ? wallet.daySpent : 0,
    monthSpent: wallet.monthStart.toISOString().slice(0, 7) === month ? wallet.monthSpent : 0,
  };
}

const metadataJson = (m: Record<string, unknown> | undefined) => JSON.stringify(m ?? {});

/** The first entry of a source key, when a unique violation says it exists. */
async function existing(sourceKey: string | null | undefined): Promise<WalletEntry | null> {
  return sourceKey ? db.walletEntry.findUnique({ where: { sourceKey } }) : null;
}

async function balanceOf(walletId: string) {
  return (await db.wallet.findUniqueOrThrow({ where: { id: walletId }, select: { balance: true } })).balance;
}

/** Adds credits. A repeated sourceKey is a no-op returning the first entry with duplicate: true. */
export async function creditWallet(
  platformId: string,
  userId: string,
  kind: WalletEntryKind,
  amount: number,
  input: EntryInput = {},
): Promise<{ entry: WalletEntry; balance: number; duplicate: boolean }> {
  if (!CREDIT_KINDS.includes(kind)) throw new RangeError(`${kind} does not add credits`);
  assertAmount(amount);
  const first = await existing(input.sourceKey);
  const wallet = await walletFor(platformId, userId);
  if (first) return { entry: first, balance: await balanceOf(wallet.id), duplicate: true };
  const id = randomUUID();
  try {
    await db.$queryRaw`
      WITH upd AS (
        UPDATE wallets SET balance = balance + ${amount}::int, updated_at = now()
         WHERE id = ${wallet.id}
        RETURNING id, balance
      )
      INSERT INTO wallet_entries (id, wallet_id, platform_id, kind, amount, balance_after, source_key, reason, item_type, item_id, units, metadata)
      SELECT ${id}, upd.id, ${platformId}, ${kind}::"WalletEntryKind", ${amount}::int, upd.balance, ${input.sourceKey ?? null},
             ${input.reason ?? ""}, ${input.itemType ?? null}, ${input.itemId ?? null}, ${input.units ?? null}::int, ${metadataJson(input.metadata)}::jsonb
        FROM upd
      RETURNING id`;
  } catch (error) {
    // a concurrent writer of the same source key won; the whole statement rolled back
    const dup = await existing(input.sourceKey);
    if (dup) return { entry: dup, balance: await balanceOf(wallet.id), duplicate: true };
    throw error;
  }
  const entry = await db.walletEntry.findUniqueOrThrow({ where: { id } });
  return { entry, balance: entry.balanceAfter, duplicate: false };
}

type DebitRow = {
  /** null: the user has no wallet on the platform */
  wallet_id: string | null;
  /** the balance of the locked row before this statement */
  balance_now: number | null;
  prior_id: string | null;
  /** the inserted entry, null when refused or replayed */
  id: string | null;
  kind: WalletEntryKind | null;
  amount: number | null;
  balance_after: number | null;
  source_key: string | null;
  reason: string | null;
  item_type: string | null;
  item_id: string | null;
  units: number | null;
  metadata: Record<string, unknown> | null;
  created_at: Date | null;
};

/**
 * Removes credits in ONE statement (one round trip) so the balance never goes below zero: the
 * wallet row is locked (FOR UPDATE returns its newest version), the conditional UPDATE takes the
 * credits only when the source key is new and the balance and the caps allow it, and the entry is
 * inserted from what the UPDATE returned and returned itself.
 * partial: take min(amount, balance) instead of refusing. enforceCaps: refuse past the daily/monthly cap.
 * Usage always counts towards the period spend.
 */
export async function debitWallet(platformId: string, userId: string, kind: WalletEntryKind, amount: number, input: DebitInput = {}): Promise<DebitResult> {
  if (!DEBIT_KINDS.includes(kind)) throw new RangeError(`${kind} does not remove credits`);
  assertAmount(amount);
  const id = randomUUID();
  const partial = input.partial === true;
  const enforce = input.enforceCaps === true;
  const counts = kind === "usage";
  const sourceKey = input.sourceKey ?? null;
  const run = () => db.$queryRaw<DebitRow[]>`
      WITH today AS (
        SELECT (now() AT TIME ZONE 'UTC')::date AS day, date_trunc('month', now() AT TIME ZONE 'UTC')::date AS month
      ),
      prior AS (
        SELECT e.id FROM wallet_entries e WHERE e.source_key = ${sourceKey}::text
      ),
      cur AS (
        SELECT w.id, w.balance,
               LEAST(${amount}::int, CASE WHEN ${partial}::boolean THEN w.balance ELSE ${amount}::int END) AS charged,
               CASE WHEN w.day_start = today.day THEN w.day_spent ELSE 0 END AS day_spent,
               CASE WHEN w.month_start = today.month THEN w.month_spent ELSE 0 END AS month_spent,
               (SELECT MIN(c) FROM unnest(ARRAY[COALESCE(w.daily_cap, p.default_daily_cap), w.user_daily_cap]) AS c) AS daily,
               (SELECT MIN(c) FROM unnest(ARRAY[COALESCE(w.monthly_cap, p.default_monthly_cap), w.user_monthly_cap]) AS c) AS monthly,
               today.day, today.month
          FROM wallets w JOIN platforms p ON p.id = w.platform_id, today
         WHERE w.platform_id = ${platformId} AND w.user_id = ${userId}
         FOR UPDATE OF w
      ),
      upd AS (
        UPDATE wallets SET
               balance = wallets.balance - cur.charged,
               day_start = CASE WHEN ${counts}::boolean THEN cur.day ELSE wallets.day_start END,
               day_spent = CASE WHEN ${counts}::boolean THEN cur.day_spent + cur.charged ELSE wallets.day_spent END,
               month_start = CASE WHEN ${counts}::boolean THEN cur.month ELSE wallets.month_start END,
               month_spent = CASE WHEN ${counts}::boolean THEN cur.month_spent + cur.charged ELSE wallets.month_spent END,
               updated_at = now()
          FROM cur
         WHERE wallets.id = cur.id
           AND NOT EXISTS (SELECT 1 FROM prior)
           AND cur.balance >= cur.charged
           AND (NOT ${enforce}::boolean OR cur.daily IS NULL OR cur.day_spent + cur.charged <= cur.daily)
           AND (NOT ${enforce}::boolean OR cur.monthly IS NULL OR cur.month_spent + cur.charged <= cur.monthly)
        RETURNING wallets.id, wallets.balance, cur.charged
      ),
      ins AS (
        INSERT INTO wallet_entries (id, wallet_id, platform_id, kind, amount, balance_after, source_key, reason, item_type, item_id, units, metadata)
        SELECT ${id}, upd.id, ${platformId}, ${kind}::"WalletEntryKind", -upd.charged, upd.balance, ${sourceKey},
               ${input.reason ?? ""}, ${input.itemType ?? null}, ${input.itemId ?? null}, ${input.units ?? null}::int, ${metadataJson(input.metadata)}::jsonb
          FROM upd
        RETURNING *
      )
      SELECT cur.id AS wallet_id, cur.balance AS balance_now, prior.id AS prior_id,
             ins.id, ins.kind::text AS kind, ins.amount, ins.balance_after, ins.source_key, ins.reason, ins.item_type, ins.item_id, ins.units, ins.metadata, ins.created_at
        FROM (SELECT 1) AS one
        LEFT JOIN cur ON true
        LEFT JOIN prior ON true
        LEFT JOIN ins ON true`;

  let row: DebitRow;
  try {
    row = (await run())[0];
    if (row.wallet_id === null) {
      // the first debit of a user without a wallet: make it, then the same statement again
      await walletFor(platformId, userId);
      row = (await run())[0];
    }
  } catch (error) {
    // a concurrent writer of the same source key won; the whole statement rolled back
    const dup = await existing(sourceKey);
    if (dup) return { ok: true, entry: dup, balance: await balanceOf(dup.walletId), charged: -dup.amount, duplicate: true };
    throw error;
  }
  if (row.prior_id !== null) {
    const first = await db.walletEntry.findUniqueOrThrow({ where: { id: row.prior_id } });
    return { ok: true, entry: first, balance: row.balance_now ?? 0, charged: -first.amount, duplicate: true };
  }
  if (row.id === null) {
    // refused: say why from the locked row (the refusal itself was atomic)
    const balance = row.balance_now ?? 0;
    return { ok: false, code: balance < amount ? "insufficient_credits" : "spend_cap_reached", balance };
  }
  const entry: WalletEntry = {
    id: row.id,
    walletId: row.wallet_id!,
    platformId,
    kind: row.kind!,
    amount: row.amount!,
    balanceAfter: row.balance_after!,
    sourceKey: row.source_key,
    reason: row.reason ?? "",
    itemType: row.item_type,
    itemId: row.item_id,
    units: row.units,
    metadata: (row.metadata ?? {}) as WalletEntry["metadata"],
    createdAt: row.created_at!,
  };
  return { ok: true, entry, balance: entry.balanceAfter, charged: -entry.amount, duplicate: false };
}
