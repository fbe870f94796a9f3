import "server-only";
import { db } from "@/lib/db";
import type { SaleEvent } from "@/lib/db";
import { enqueueJob } from "@/lib/jobs/queue";
import { deliveryJobId } from "./job-ids";

/**
 * One delivery per enabled endpoint of the event's platform subscribed to its type, and the job
 * of its first attempt. Idempotent: the (endpoint, event) key adds no second row and the job id
 * is derived from the delivery and attempt.
 */
export async function queueDeliveriesForSaleEvent(event: SaleEvent): Promise<void> {
  const endpoints = await db.webhookEndpoint.findMany({
    where: { platformId: event.platformId, disabled: false, events: { has: event.type } },
    select: { id: true },
  });
  if (!endpoints.length) return;
  const now = new Date();
  await db.webhookDelivery.createMany({
    data: endpoints.map((e) => ({ endpointId: e.id, eventId: event.id, nextAttemptAt: now })),
    skipDuplicates: true,
  });
  const fresh = await db.webhookDelivery.findMany({
    where: { eventId: event.id, endpointId: { in: endpoints.map((e) => e.id) }, attempts: 0, status: "pending" },
    select: { id: true },
  });
  for (const d of fresh) await enqueueJob("webhook.deliver", { deliveryId: d.id, attempt: 1 }, { id: deliveryJobId(d.id, 1) });
}
