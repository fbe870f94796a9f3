import "server-only";
import type { Job, PgBoss } from "pg-boss";
import { dbHandle, type DbHandle } from "@/lib/db/client";
import { JOB_NAMES, ensureQueues, newBoss, type JobName } from "./job-schema";

// The durable job queue: pg-boss, in its own `pgboss` schema of the app's database — PostgreSQL
// through its own small pool, or the embedded PGlite through the same single connection Prisma
// uses (PGlite queues each query behind any open transaction, so the two never interleave).
// Jobs survive restarts; `SKIP LOCKED` fetches make each job run on one instance only.

export { JOB_NAMES, QUEUE_OPTIONS, type JobName } from "./job-schema";

export type JobData = Record<string, unknown>;

const started = new WeakMap<DbHandle, Promise<PgBoss>>();

async function open(handle: DbHandle, background: boolean): Promise<PgBoss> {
  const target = handle.pglite ? { pglite: handle.pglite } : handle.url ? { url: handle.url } : null;
  if (!target) throw new Error("The job queue needs the database URL or the embedded database.");
  const boss = newBoss(target, { background });
  boss.on("error", (e) => console.error("[jobs]", e instanceof Error ? e.message : e));
  await boss.start();
  await ensureQueues(boss);
  // the queue must stop before the database it talks to closes
  const close = handle.close.bind(handle);
  handle.close = async () => {
    await boss.stop({ graceful: false, close: true, timeout: 2000 }).catch(() => {});
    await close();
  };
  return boss;
}

/** The queue of this process's database, started on first use. */
export function jobQueue(opts: { background?: boolean } = {}): Promise<PgBoss> {
  const handle = dbHandle();
  let boss = started.get(handle);
  if (!boss) {
    boss = open(handle, opts.background ?? false);
    started.set(handle, boss);
    boss.catch(() => started.delete(handle));
  }
  return boss;
}

/**
 * Queues a job. A given `id` (a uuid) makes it idempotent: queueing the same id again while the
 * job is kept (7 days) adds nothing, so callers re-queue freely after a crash or a retry.
 */
export async function enqueueJob(name: JobName, data: JobData, opts: { id?: string; startAfter?: Date } = {}): Promise<void> {
  const boss = await jobQueue();
  await boss.send(name, data, { ...(opts.id ? { id: opts.id } : {}), ...(opts.startAfter ? { startAfter: opts.startAfter } : {}) });
}

export type JobHandler = (data: JobData, job: Job<JobData>) => Promise<void>;

async function handlers(): Promise<Record<JobName, JobHandler>> {
  return (await import("./job-table")).jobHandlers;
}

/**
 * Runs every job that is due now, in this process, until none is left (tests, and scripts that
 * must not leave work behind). A failing job is failed into its retry schedule, not rerun here.
 */
export async function drainJobs(opts: { timeoutMs?: number } = {}): Promise<number> {
  const boss = await jobQueue();
  const table = await handlers();
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  let ran = 0;
  for (;;) {
    let fetched = 0;
    for (const name of JOB_NAMES) {
      const jobs = await boss.fetch<JobData>(name, { batchSize: 20 });
      fetched += jobs.length;
      for (const job of jobs) {
        ran++;
        try {
          await table[name](job.data, job);
          await boss.complete(name, job.id);
        } catch (e) {
          await boss.fail(name, job.id, { message: e instanceof Error ? e.message : String(e) });
        }
      }
    }
    if (fetched === 0) return ran;
    if (Date.now() > deadline) throw new Error(`drainJobs: jobs still due after ${opts.timeoutMs ?? 30_000} ms`);
  }
}

/** Makes delayed retries due now (tests of retry behaviour; never used by the app). */
export async function makeRetriesDue(): Promise<void> {
  const boss = await jobQueue();
  await boss.getDb().executeSql(`UPDATE pgboss.job SET start_after = now() WHERE state IN ('created', 'retry') AND start_after > now()`);
}
