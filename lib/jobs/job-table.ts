import "server-only";
import { fanOutSaleEvent } from "@/lib/sale-events/fan-out";
import { sendEmailJob } from "@/lib/mail/email-job";
import { deliverWebhookJob } from "@/lib/outbound-webhooks/deliver-job";
import type { JobHandler, JobName } from "./queue";

/** What runs each kind of job. Every handler is idempotent: a job may run again after a crash. */
export const jobHandlers: Record<JobName, JobHandler> = {
  "sale-event.fan-out": (data) => fanOutSaleEvent(data),
  "email.send": (data) => sendEmailJob(data as { emailId: string }),
  "webhook.deliver": (data) => deliverWebhookJob(data as { deliveryId: string; attempt: number; manual?: boolean }),
};
