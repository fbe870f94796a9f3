import "server-only";
import crypto from "node:crypto";
import { db } from "@/lib/db";
import type { Prisma, SaleEvent } from "@/lib/db";
import { enqueueJob } from "@/lib/jobs/queue";
import { isOneTimePurchaseKey } from "@/lib/subscriptions/purchase-key";
import type { SaleEventPayload, SaleEventType } from "./sale-event-schema";

type Data = SaleEventPayload["data"];
export type SaleEventExtras = Partial<Pick<Data, "payment" | "refund" | "dispute" | "change">>;
type Snapshot = Omit<Data, "payment" | "refund" | "dispute" | "change" | "tip">;

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
  const data: Snapshot = {
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
  return storeSaleEvent(dedupeKey, async () => {
    const snap = await purchaseSnapshot(subscriptionId);
    if (!snap) return null;
    const data: Data = { ...snap.data, payment: extras.payment ?? null, refund: extras.refund ?? null, dispute: extras.dispute ?? null, change: extras.change ?? null };
    return { platform: snap.sub.platform, type, data };
  });
}

/** A tip: no purchase row stands behind it, so its snapshot is built from our checkout row. */
export async function recordTipEvent(stripeSessionId: string, payment: NonNullable<Data["payment"]>): Promise<SaleEvent | null> {
  return storeSaleEvent(`tip.received:${stripeSessionId}`, async () => {
    const row = await db.checkoutSession.findUnique({ where: { stripeSessionId }, include: { platform: true } });
    if (!row || row.kind !== "tip") return null;
    const paywall = row.paywallId ? await db.paywall.findUnique({ where: { id: row.paywallId }, select: { itemName: true } }) : null;
    const catalog = paywall
      ? null
      : await db.catalogItem.findUnique({
          where: { platformId_itemType_itemId: { platformId: row.platformId, itemType: row.itemType, itemId: row.itemId } },
          select: { name: true },
        });
    const data: Data = {
      item: { type: row.itemType, id: row.itemId, name: paywall?.itemName || catalog?.name || null },
      buyer: { email: row.email ?? "", user_id: row.userId },
      purchase: {
        id: stripeSessionId,
        status: "paid",
        interval: "one_time",
        amount: payment.amount,
        currency: payment.currency,
        tier: null,
        current_period_end: null,
        cancel_at_period_end: false,
        trial_end: null,
      },
      payment,
      refund: null,
      dispute: null,
      change: null,
      tip: { message: row.tipMessage },
    };
    return { platform: row.platform, type: "tip.received" as const, data };
  });
}

/**
 * The once-only store behind every sale event: a second call for the same fact finds the event
 * and only re-queues its fan-out if that has not finished, so a crash between the two steps
 * loses nothing. `build` is asked only when the event is new; null means there is nothing to record.
 */
async function storeSaleEvent(
  dedupeKey: string,
  build: () => Promise<{ platform: { id: string; key: string; name: string }; type: SaleEventType; data: Data } | null>,
): Promise<SaleEvent | null> {
  let event = await db.saleEvent.findUnique({ where: { dedupeKey } });
  if (!event) {
    const built = await build();
    if (!built) return null;
    const id = `evt_${crypto.randomBytes(12).toString("base64url")}`;
    const payload: SaleEventPayload = {
      id,
      type: built.type,
      created_at: new Date().toISOString(),
      platform: { key: built.platform.key, name: built.platform.name },
      data: built.data,
    };
    await db.saleEvent.createMany({
      data: [{ id, platformId: built.platform.id, type: built.type, dedupeKey, payload: payload as unknown as Prisma.InputJsonValue }],
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
