import "server-only";
import { withApi } from "@/lib/api/with-api";
import { jobRetriedSchema, jobRetryParams, jobStatusQuery, jobStatusSchema } from "./job-status-schema";
import { jobStatus, retryFailedJob } from "./job-status";

export const jobStatusRoute = withApi(
  {
    auth: "operator",
    query: jobStatusQuery,
    responses: { 200: jobStatusSchema },
    summary: "Read the job queue",
    description: "Jobs per queue and state (e-mails, outbound webhook deliveries, sale event fan-outs), the newest jobs that failed for good, and the e-mail and delivery rows by status.",
    tags: ["jobs"],
  },
  ({ query }) => jobStatus(query.limit),
);

export const jobRetryRoute = withApi(
  {
    auth: "operator",
    params: jobRetryParams,
    responses: { 200: jobRetriedSchema },
    errors: [409],
    summary: "Retry a failed job",
    description: "Puts a job whose retries were used up back in its queue; 409 `job_not_failed` for any other job.",
    tags: ["jobs"],
  },
  ({ params }) => retryFailedJob(params.id),
);
