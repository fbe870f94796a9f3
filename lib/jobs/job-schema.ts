import type { PGlite } from "@electric-sql/pglite";
import { PgBoss, fromPglite, type QueueOptions } from "pg-boss";

// The queue's schema (`pgboss`) and queues are made with the database's migrations, so the app
// never needs DDL rights at run time and every test database copy starts with them.

export const JOB_NAMES = ["sale-event.fan-out", "email.send", "webhook.deliver"] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** Retries are for crashes and transient faults; outbound webhooks keep their own schedule on top. */
export const QUEUE_OPTIONS: Record<JobName, QueueOptions> = {
  "sale-event.fan-out": { retryLimit: 10, retryDelay: 5, retryBackoff: true, retryDelayMax: 600, expireInSeconds: 120, deleteAfterSeconds: 7 * 86400 },
  "email.send": { retryLimit: 5, retryDelay: 30, retryBackoff: true, retryDelayMax: 3600, expireInSeconds: 120, deleteAfterSeconds: 7 * 86400 },
  "webhook.deliver": { retryLimit: 2, retryDelay: 30, retryBackoff: true, expireInSeconds: 60, deleteAfterSeconds: 7 * 86400 },
};

export type JobDatabase = { pglite: PGlite } | { url: string };

export function newBoss(target: JobDatabase, opts: { background: boolean }): PgBoss {
  // maintenance (expiry, retention) only where a worker runs; tests and migrations do without
  const common = { supervise: opts.background, schedule: false, migrate: true } as const;
  if ("pglite" in target) return new PgBoss({ ...common, db: fromPglite(target.pglite), backend: "pglite" });
  return new PgBoss({ ...common, connectionString: target.url, max: Number(process.env.JOBS_POOL_SIZE ?? 4), application_name: "tollgate-jobs" });
}

/** Creates or upgrades the queue schema and the queues with their retry policies. */
export async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const name of JOB_NAMES) {
    const existing = await boss.getQueue(name);
    const wanted = QUEUE_OPTIONS[name];
    if (!existing) await boss.createQueue(name, wanted);
    else if (Object.entries(wanted).some(([k, v]) => (existing as unknown as Record<string, unknown>)[k] !== v)) await boss.updateQueue(name, wanted);
  }
}

/** Run with the migrations: brings the `pgboss` schema and the queues up to date. */
export async function migrateJobQueue(target: JobDatabase): Promise<void> {
  const boss = newBoss(target, { background: false });
  boss.on("error", () => {});
  await boss.start();
  try {
    await ensureQueues(boss);
  } finally {
    await boss.stop({ graceful: false, close: !("pglite" in target), timeout: 2000 });
  }
}
