import { z } from "zod";

export const JOB_STATES = ["created", "retry", "active", "completed", "cancelled", "failed"] as const;

export const failedJobSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    data: z.record(z.string(), z.unknown()),
    error: z.string().nullable().meta({ description: "The last failure's message." }),
    retry_count: z.number().int(),
    created_at: z.string().meta({ format: "date-time" }),
    failed_at: z.string().nullable().meta({ format: "date-time" }),
  })
  .meta({ id: "FailedJob" });
export type FailedJob = z.infer<typeof failedJobSchema>;

export const jobStatusSchema = z
  .object({
    queues: z.array(
      z.object({
        name: z.string(),
        counts: z.object(Object.fromEntries(JOB_STATES.map((s) => [s, z.number().int()])) as Record<(typeof JOB_STATES)[number], z.ZodNumber>),
      }),
    ),
    failed: z.array(failedJobSchema).meta({ description: "The newest jobs that failed for good (retries used up), newest first." }),
    emails: z.object({ pending: z.number().int(), sent: z.number().int(), failed: z.number().int() }),
    webhook_deliveries: z.object({ pending: z.number().int(), succeeded: z.number().int(), failed: z.number().int() }),
  })
  .meta({ id: "JobStatus" });
export type JobStatus = z.infer<typeof jobStatusSchema>;

export const jobStatusQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

export const jobRetryParams = z.object({ id: z.uuid() });
export const jobRetriedSchema = z.object({ id: z.string(), name: z.string(), state: z.string() }).meta({ id: "RetriedJob" });
