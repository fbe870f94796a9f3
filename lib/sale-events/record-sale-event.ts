import "server-only";
import crypto from "node:crypto";
import { db } from "@/lib/db";
import type { Prisma, SaleEvent } from "@/lib/db";
import { enqueueJob } from "@/lib/jobs/queue";
import { isOneTimePurchaseKey } from "@/lib/subscriptions/purchase-key";
import type { SaleEventPayload, SaleEventType } from "./sale-event-schema";

type Data = SaleEventPayload["data"];
export type SaleEventExtras = Partial<Pick<Data, "payment" | "refund" | "dispute" | "change">>;

/** A uuid that is always the same for the same text: the job id that makes re-queueing idempotent. */
export function stableUuid(text: string): string {
  const h = crypto.createHash("sha256").update(text).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

const purchaseInclude = { platform: true, paywall: { select: { itemName: true } }, price: { select: { name: true } } } as const;

/** The public `purchase` of a subscription row, as it is now. */
async function purchaseSnapshot(subscriptionId: string) {
  const sub = await db.subscription.findUnique({ where: { id: subscriptionId }, include: purchaseInclude });
  if (!sub) return null;
  const data: Omit<Data, "payment" | "refund" | "dispute" | "change"> = {
    item: { type: sub.itemType, id: sub.itemId, name: sub.paywall?.itemName ?? null },
    buyer: { email: sub.email, user_id: sub.userId },
    purchase: {
      id: sub.uniqueId,
      status: sub.status,
      interval: sub.interval ?? (isOneTimePurchaseKey(sub.stripeSubscriptionId ?? "") ? "one_time" : null),
      amount: sub.amount,
      currency: sub.currency,
      tier: sub.price?.name ?? null,
      current_period_end: iso(sub.currentPeriodEnd),
      cancel_at_period_end: sub.cancelAtPeriodEnd,
      trial_end: iso(sub.trialEnd),
    },
  };
  return { sub, data };
}

/**
 * Stores what happened once per Stripe fact (`dedupeKey`, e.g. `purchase.completed:cs_…`) and
 * queues its fan-out to e-mails and outbound webhooks. Called from webhook handlers, which may
 * run many times for one fact: the second call finds the event and only re-queues its fan-out
 * if that has not finished, so a crash between the two steps loses nothing.
 */
export async function recordSaleEvent(type: SaleEventType, dedupeKey: string, subscriptionId: string | null, extras: SaleEventExtras = {}): Promise<SaleEvent | null> {
  if (!subscriptionId) return null;
  const existing = await db.saleEvent.findUnique({ where: { dedupeKey } });
  let event = existing;
  if (!event) {
    const snap = await purchaseSnapshot(subscriptionId);
    if (!snap) return null;
    const id = `evt_${crypto.randomBytes(12).toString("base64url")}`;
    const payload: SaleEventPayload = {
      id,
      type,
      created_at: new Date().toISOString(),
      platform: { key: snap.sub.platform.key, name: snap.sub.platform.name },
      data: { ...snap.data, payment: extras.payment ?? null, refund: extras.refund ?? null, dispute: extras.dispute ?? null, change: extras.change ?? null },
    };
    await db.saleEvent.createMany({
      data: [{ id, platformId: snap.sub.platformId, type, dedupeKey, payload: payload as unknown as Prisma.InputJsonValue }],
      skipDuplicates: true,
    });
    event = await db.saleEvent.findUniqueOrThrow({ where: { dedupeKey } });
  }
  if (!event.fannedOutAt) await queueFanOut(event.id);
  return event;
}

function queueFanOut(eventId: string): Promise<void> {
  return enqueueJob("sale-event.fan-out", { eventId }, { id: stableUuid(`fan-out:${eventId}`) });
}
