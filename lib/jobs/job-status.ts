import "server-only";
import { db } from "@/lib/db";
import { ConflictError, NotFoundError } from "@/lib/api/errors";
import { JOB_NAMES, jobQueue } from "./queue";
import { JOB_STATES, type JobStatus } from "./job-status-schema";

type CountRow = { name: string; state: string; n: bigint };
type FailedRow = { id: string; name: string; data: unknown; output: unknown; retry_count: number; created_on: Date; completed_on: Date | null };

const message = (output: unknown): string | null => {
  if (!output || typeof output !== "object") return output == null ? null : String(output);
  const m = (output as { message?: unknown }).message;
  return typeof m === "string" ? m.slice(0, 2000) : JSON.stringify(output).slice(0, 2000);
};

/** The queue as the operator sees it: counts per state, the jobs that failed for good, and the rows behind them. */
export async function jobStatus(limit: number): Promise<JobStatus> {
  await jobQueue(); // creates the pgboss schema on a database that never queued a job
  const [counts, failed, emails, deliveries] = await Promise.all([
    db.$queryRaw<CountRow[]>`SELECT name, state::text AS state, COUNT(*)::bigint AS n FROM pgboss.job GROUP BY name, state`,
    db.$queryRaw<FailedRow[]>`
      SELECT id::text AS id, name, data, output, retry_count, created_on, completed_on
        FROM pgboss.job WHERE state = 'failed' ORDER BY completed_on DESC NULLS LAST, id LIMIT ${limit}`,
    db.emailMessage.groupBy({ by: ["status"], _count: { _all: true } }),
    db.webhookDelivery.groupBy({ by: ["status"], _count: { _all: true } }),
  ]);
  const countOf = (rows: { status: string; _count: { _all: number } }[], status: string) => rows.find((r) => r.status === status)?._count._all ?? 0;
  return {
    queues: JOB_NAMES.map((name) => ({
      name,
      counts: Object.fromEntries(JOB_STATES.map((state) => [state, Number(counts.find((c) => c.name === name && c.state === state)?.n ?? 0)])) as JobStatus["queues"][number]["counts"],
    })),
    failed: failed.map((f) => ({
      id: f.id,
      name: f.name,
      data: (f.data && typeof f.data === "object" ? f.data : {}) as Record<string, unknown>,
      error: message(f.output),
      retry_count: f.retry_count,
      created_at: f.created_on.toISOString(),
      failed_at: f.completed_on?.toISOString() ?? null,
    })),
    emails: { pending: countOf(emails, "pending"), sent: countOf(emails, "sent"), failed: countOf(emails, "failed") },
    webhook_deliveries: { pending: countOf(deliveries, "pending"), succeeded: countOf(deliveries, "succeeded"), failed: countOf(deliveries, "failed") },
  };
}

/** Puts a job that failed for good back in its queue, to run again now. */
export async function retryFailedJob(id: string) {
  const boss = await jobQueue();
  const rows = await db.$queryRaw<{ name: string; state: string }[]>`SELECT name, state::text AS state FROM pgboss.job WHERE id = ${id}::uuid LIMIT 1`;
  const job = rows[0];
  if (!job) throw new NotFoundError("No such job.");
  if (job.state !== "failed") throw new ConflictError(`The job is ${job.state}, not failed.`, {}, "job_not_failed");
  await boss.retry(job.name, id);
  return { id, name: job.name, state: "retry" };
}
