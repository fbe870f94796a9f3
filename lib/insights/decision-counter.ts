import "server-only";
import { db, dbHandle, Prisma, type Db } from "@/lib/db";
import { DECISION_COUNTER_KEY } from "./counter-global";

// Every access decision is counted per (platform, item, reason, UTC day) in this process's memory
// and written in batches off the request path: a check never waits for a counter write. The
// buffer lives on globalThis because Next.js bundles route handlers and instrumentation
// separately: each bundle has its own copy of this module, but they must share one buffer.

export type Decision = { platformId: string; itemType: string; itemId: string; reason: string };

type Entry = Decision & { day: string; count: number };

/** Rows per INSERT: 6 parameters each, well under PostgreSQL's 65535 bind parameters. */
const CHUNK_ROWS = 1000;
/** Distinct keys kept while the database is unreachable; past that new keys are dropped (and logged). */
const MAX_BUFFERED_KEYS = 100_000;

type State = {
  buffer: Map<string, Entry>;
  dropped: number;
  timer: ReturnType<typeof setInterval> | null;
  stop: (() => Promise<void>) | null;
  flushing: Promise<number> | null;
};

function state(): State {
  const g = globalThis as unknown as { [DECISION_COUNTER_KEY]?: State };
  return (g[DECISION_COUNTER_KEY] ??= { buffer: new Map(), dropped: 0, timer: null, stop: null, flushing: null });
}

const keyOf = (e: Omit<Entry, "count">) => [e.platformId, e.day, e.itemType, e.itemId, e.reason].join("\u0000");

function add(buffer: Map<string, Entry>, e: Entry, s: State) {
  const key = keyOf(e);
  const current = buffer.get(key);
  if (current) current.count += e.count;
  else if (buffer.size < MAX_BUFFERED_KEYS) buffer.set(key, { ...e });
  else s.dropped += e.count;
}

/** Counts one decision; memory only, safe on the hot path. */
export function countDecision(d: Decision, at = new Date()): void {
  const s = state();
  add(s.buffer, { platformId: d.platformId, itemType: d.itemType, itemId: d.itemId, reason: d.reason, day: at.toISOString().slice(0, 10), count: 1 }, s);
}

/** Decisions counted but not yet written (for tests and the shutdown log). */
export function pendingDecisionCount(): number {
  let n = 0;
  for (const e of state().buffer.values()) n += e.count;
  return n;
}

type Client = Pick<Db, "$executeRaw">;

function upsert(client: Client, rows: Entry[]) {
  const values = Prisma.join(
    rows.map((r) => Prisma.sql`(${r.platformId}, ${r.day}::date, ${r.itemType}, ${r.itemId}, ${r.reason}, ${r.count}::int)`),
  );
  return client.$executeRaw`
    INSERT INTO access_decision_counts (platform_id, day, item_type, item_id, reason, count)
    VALUES ${values}
    ON CONFLICT (platform_id, day, item_type, item_id, reason)
    DO UPDATE SET count = access_decision_counts.count + EXCLUDED.count`;
}

/**
 * Writes every buffered count, one INSERT … ON CONFLICT per chunk of rows, and answers how many
 * decisions it wrote. The buffer is swapped out first, so a concurrent flush (or a check counted
 * meanwhile) never sees the same counts twice; whatever a failed statement did not write goes back
 * into the buffer for the next flush, and the error is rethrown. `client` defaults to this
 * process's database.
 */
export async function flushDecisionCounts(client: Client = db): Promise<number> {
  const s = state();
  if (!s.buffer.size) return 0;
  const batch = [...s.buffer.values()];
  s.buffer = new Map();
  // the same key order in every process, so two instances upserting overlapping rows never deadlock
  batch.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  let written = 0;
  for (let i = 0; i < batch.length; i += CHUNK_ROWS) {
    const chunk = batch.slice(i, i + CHUNK_ROWS);
    try {
      await upsert(client, chunk);
    } catch (e) {
      // each chunk is one statement: it wrote all of its rows or none
      for (const entry of batch.slice(i)) add(s.buffer, entry, s);
      throw e;
    }
    for (const r of chunk) written += r.count;
  }
  if (s.dropped) {
    console.warn(`[insights] ${s.dropped} access decision(s) were not counted: more than ${MAX_BUFFERED_KEYS} distinct keys waited for the database`);
    s.dropped = 0;
  }
  return written;
}

/** One flush at a time from the timer; a slow database never piles flushes up. */
function flushFromTimer(s: State) {
  if (s.flushing) return;
  s.flushing = flushDecisionCounts()
    .catch((e) => {
      console.error("[insights] access decision counts not written (kept for the next flush):", e instanceof Error ? e.message : e);
      return 0;
    })
    .finally(() => {
      s.flushing = null;
    });
}

/**
 * Flushes every `intervalMs` on a timer that does not keep the process alive; `stop()` ends it and
 * flushes once more (wired into the database handle's close, so closing the database writes the
 * last counts first). Starting twice returns the running counter's `stop`.
 */
export function startDecisionCounter({ intervalMs = 5000 }: { intervalMs?: number } = {}): () => Promise<void> {
  const s = state();
  if (s.stop) return s.stop;
  const timer = setInterval(() => flushFromTimer(s), intervalMs);
  timer.unref?.();
  s.timer = timer;

  const handle = dbHandle();
  const close = handle.close.bind(handle);
  const stop = async () => {
    if (s.stop !== stop) return;
    s.stop = null;
    clearInterval(timer);
    s.timer = null;
    if (handle.close === closeWithFlush) handle.close = close;
    await s.flushing;
    const left = pendingDecisionCount();
    try {
      // this handle's own client: while the database closes, `db` would already open a new one
      await flushDecisionCounts(handle.prisma);
    } catch (e) {
      console.error(`[insights] ${left} access decision count(s) lost at shutdown:`, e instanceof Error ? e.message : e);
    }
  };
  // the last counts must be written before the database they go to closes
  const closeWithFlush = async () => {
    await stop();
    await close();
  };
  handle.close = closeWithFlush;
  s.stop = stop;
  return stop;
}
