import "server-only";
import { db } from "@/lib/db";
import { queueEmailsForSaleEvent } from "@/lib/mail/emails-for-event";
import { queueDeliveriesForSaleEvent } from "@/lib/outbound-webhooks/deliveries-for-event";
import { stableUuid } from "./record-sale-event";
import { enqueueJob } from "@/lib/jobs/queue";

/**
 * The job behind every sale event: the e-mails it makes and a delivery per subscribed endpoint.
 * Both steps are idempotent (unique keys on their rows, job ids derived from the rows), so a
 * retried or duplicated fan-out adds nothing.
 */
export async function fanOutSaleEvent(data: { eventId?: unknown }): Promise<void> {
  if (typeof data.eventId !== "string") return;
  const event = await db.saleEvent.findUnique({ where: { id: data.eventId } });
  if (!event || event.fannedOutAt) return;
  await queueEmailsForSaleEvent(event);
  await queueDeliveriesForSaleEvent(event);
  await db.saleEvent.updateMany({ where: { id: event.id, fannedOutAt: null }, data: { fannedOutAt: new Date() } });
}

/**
 * Re-queues what a crash may have left behind: events not fanned out a minute after they were
 * stored. The job id changes every 10 minutes, so a fan-out that failed for good is tried again.
 */
export async function sweepSaleEvents(now = new Date()): Promise<number> {
  const stale = await db.saleEvent.findMany({
    where: { fannedOutAt: null, createdAt: { lt: new Date(now.getTime() - 60_000) } },
    select: { id: true },
    take: 500,
  });
  const slot = Math.floor(now.getTime() / 600_000);
  for (const e of stale) await enqueueJob("sale-event.fan-out", { eventId: e.id }, { id: stableUuid(`fan-out:${e.id}:${slot}`) });
  return stale.length;
}
