import "server-only";
import { db } from "@/lib/db";
import type { WebhookDelivery } from "@/lib/db";
import { NotFoundError } from "@/lib/api/errors";
import { pageArgs, pageOf } from "@/lib/api/pagination";
import { isUuid } from "@/lib/api/route-scope";
import { enqueueJob } from "@/lib/jobs/queue";
import type { SaleEventType } from "@/lib/sale-events/sale-event-schema";
import type { DeliveryQuery, RetryAccepted, WebhookDeliveryPage, WebhookDeliveryView } from "./endpoint-schema";
import { findEndpoint } from "./endpoints";
import { deliveryJobId } from "./job-ids";

// An endpoint's delivery log, and redelivery on request.

type Row = WebhookDelivery & { event: { type: string } };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function deliveryView(d: Row): WebhookDeliveryView {
  return {
    id: d.id,
    event_id: d.eventId,
    event_type: d.event.type as SaleEventType,
    status: d.status,
    attempts: d.attempts,
    next_attempt_at: iso(d.nextAttemptAt),
    last_attempt_at: iso(d.lastAttemptAt),
    response_status: d.responseStatus,
    response_excerpt: d.responseExcerpt,
    last_error: d.lastError,
    created_at: d.createdAt.toISOString(),
  };
}

export async function listDeliveries(platformId: string, endpointId: string, q: DeliveryQuery): Promise<WebhookDeliveryPage> {
  const endpoint = await findEndpoint(platformId, endpointId);
  const where = { endpointId: endpoint.id, ...(q.status ? { status: q.status } : {}) };
  const [rows, count] = await Promise.all([
    db.webhookDelivery.findMany({ where, include: { event: { select: { type: true } } }, orderBy: [{ createdAt: "desc" }, { id: "asc" }], ...pageArgs(q) }),
    db.webhookDelivery.count({ where }),
  ]);
  return pageOf(rows.map(deliveryView), count, q);
}

/** Queues a manual attempt now, whatever the delivery's state; a repeat before it ran adds nothing. */
export async function retryDelivery(platformId: string, endpointId: string, deliveryId: string): Promise<RetryAccepted> {
  const endpoint = await findEndpoint(platformId, endpointId);
  const delivery = isUuid(deliveryId) ? await db.webhookDelivery.findFirst({ where: { id: deliveryId, endpointId: endpoint.id } }) : null;
  if (!delivery) throw new NotFoundError("Delivery not found.");
  const attempt = delivery.attempts + 1;
  await enqueueJob("webhook.deliver", { deliveryId: delivery.id, attempt, manual: true }, { id: deliveryJobId(delivery.id, attempt, true) });
  return { delivery_id: delivery.id, attempt };
}
