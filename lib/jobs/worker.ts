import "server-only";
import type { JobResult } from "pg-boss";
import { JOB_NAMES, jobQueue, type JobData } from "./queue";
import { jobHandlers } from "./job-table";
import { sweepSaleEvents } from "@/lib/sale-events/fan-out";

const SWEEP_MS = 60_000;
let running = false;

/**
 * Works the queue in this server process. Every instance runs one: pg-boss hands each job to a
 * single worker (`FOR UPDATE SKIP LOCKED`), and a job whose worker died is retried once it expires.
 */
export async function startJobWorker(): Promise<void> {
  if (running) return;
  running = true;
  const boss = await jobQueue({ background: true });
  for (const name of JOB_NAMES) {
    await boss.work<JobData>(name, { pollingIntervalSeconds: 2, batchSize: 5, perJobResults: true }, (jobs) =>
      // one failure fails only its own job, into its retry schedule
      Promise.all(
        jobs.map(async (job): Promise<JobResult> => {
          try {
            await jobHandlers[name](job.data, job);
            return { id: job.id, status: "completed" };
          } catch (e) {
            console.error(`[jobs] ${name} ${job.id} failed:`, e instanceof Error ? e.message : e);
            return { id: job.id, status: "failed", output: { message: e instanceof Error ? e.message : String(e) } };
          }
        }),
      ),
    );
  }
  const sweep = () =>
    sweepSaleEvents()
      .then((n) => n && console.log(`[jobs] re-queued ${n} sale event fan-out(s)`))
      .catch((e) => console.error("[jobs] sweep failed:", e instanceof Error ? e.message : e));
  setTimeout(sweep, 5_000).unref();
  setInterval(sweep, SWEEP_MS).unref();
}
