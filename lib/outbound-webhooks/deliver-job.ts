import "server-only";
import { db } from "@/lib/db";
import { enqueueJob } from "@/lib/jobs/queue";
import { checkDestination, type CheckedDestination } from "./destination";
import { postJson, type PostResult } from "./http-post";
import { deliveryJobId } from "./job-ids";
import { nextAttemptAt } from "./retry-schedule";
import { activeSecrets, signedHeaders } from "./signing";

// One attempt of one delivery. The attempt is claimed first (attempts n-1 → n), so a duplicated
// or re-run job never sends twice; the next attempt is queued before the request, so a crash
// during it still leaves the retry behind. No transaction spans the HTTP call.

export type DeliverJobData = { deliveryId: string; attempt: number; manual?: boolean };

export async function deliverWebhookJob(data: DeliverJobData): Promise<void> {
  const { deliveryId, attempt } = data;
  const manual = data.manual === true;
  if (typeof deliveryId !== "string" || !Number.isInteger(attempt) || attempt < 1) return;

  const delivery = await db.webhookDelivery.findUnique({ where: { id: deliveryId }, include: { endpoint: true, event: true } });
  if (!delivery || delivery.attempts !== attempt - 1) return;
  // automatic attempts run only while the delivery is pending; a manual one runs in any state
  if (!manual && delivery.status !== "pending") return;

  const now = new Date();
  const { endpoint, event } = delivery;
  if (endpoint.disabled && !manual) {
    await db.webhookDelivery.updateMany({
      where: { id: deliveryId, attempts: attempt - 1, status: "pending" },
      data: { status: "failed", nextAttemptAt: null, lastError: "The endpoint is disabled." },
    });
    return;
  }

  // a manual redelivery of a delivery that had given up (or succeeded) does not restart the schedule
  const next = manual && delivery.status !== "pending" ? null : nextAttemptAt(attempt, now);
  const claimed = await db.webhookDelivery.updateMany({
    where: { id: deliveryId, attempts: attempt - 1, status: delivery.status },
    data: { attempts: attempt, lastAttemptAt: now, nextAttemptAt: next, status: "pending" },
  });
  if (!claimed.count) return;
  if (next) await enqueueJob("webhook.deliver", { deliveryId, attempt: attempt + 1 }, { id: deliveryJobId(deliveryId, attempt + 1), startAfter: next });

  const body = JSON.stringify(event.payload);
  let result: PostResult;
  let dest: CheckedDestination | null = null;
  try {
    dest = await checkDestination(endpoint.url);
  } catch (e) {
    result = { status: null, excerpt: null, error: e instanceof Error ? e.message : "Destination refused.", durationMs: Date.now() - now.getTime() };
  }
  if (dest) result = await postJson(dest, body, signedHeaders(activeSecrets(endpoint, now), event.id, body, now));
  result = result!;

  const ok = result.status !== null && result.status >= 200 && result.status < 300;
  await db.webhookDeliveryAttempt.create({
    data: {
      deliveryId,
      attempt,
      manual,
      startedAt: now,
      durationMs: result.durationMs,
      responseStatus: result.status,
      responseExcerpt: result.excerpt,
      error: result.error,
    },
  });
  // a later attempt (e.g. a manual one) may have claimed the row meanwhile: only the newest writes
  await db.webhookDelivery.updateMany({
    where: { id: deliveryId, attempts: attempt },
    data: {
      status: ok ? "succeeded" : next ? "pending" : "failed",
      nextAttemptAt: ok ? null : next,
      responseStatus: result.status,
      responseExcerpt: result.excerpt,
      lastError: ok ? null : (result.error ?? `The receiver answered ${result.status}.`),
    },
  });
}
