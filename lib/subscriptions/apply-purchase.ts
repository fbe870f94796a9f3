import "server-only";
import type Stripe from "stripe";
import { db, Prisma } from "@/lib/db";
import type { Subscription } from "@/lib/db";
import { isTip, isTopUp, readPurchaseMetadata, type PurchaseMetadata } from "@/lib/checkout/purchase-metadata";
import { applyTopUp } from "@/lib/top-up/apply-top-up";
import { recordRedemption } from "@/lib/promotions/apply-promotion";
import { idOf } from "@/lib/stripe/object-ids";
import { underStripeLock } from "@/lib/stripe/stripe-lock";
import { subscriptionFields } from "./stripe-status";
import { oneTimePurchaseKey } from "./purchase-key";

// Convergent writers: each re-reads Stripe's current object and upserts our row keyed by the
// Stripe id, so webhooks, the checkout callback, retries and any arrival order end the same.

type Buyer = { platformId: string; paywallId: string | null; priceId: string | null; userId: string | null; email: string };

async function resolveBuyer(tx: Tx, meta: PurchaseMetadata): Promise<Buyer | null> {
  const platform = await tx.platform.findUnique({ where: { key: meta.platform_key } });
  if (!platform) return null;
  const paywall = meta.paywall_unique_id ? await tx.paywall.findUnique({ where: { uniqueId: meta.paywall_unique_id } }) : null;
  const price = meta.price_unique_id ? await tx.price.findUnique({ where: { uniqueId: meta.price_unique_id } }) : null;
  const email = meta.email.toLowerCase();
  let userId = meta.user_id || null;
  if (!userId) {
    // a guest whose e-mail already belongs to a verified account: the purchase is theirs
    const user = await tx.user.findUnique({ where: { email } });
    if (user?.emailVerified) userId = user.id;
  }
  return { platformId: platform.id, paywallId: paywall?.id ?? null, priceId: price?.id ?? null, userId, email };
}

type Tx = Prisma.TransactionClient;

// Stripe is read before the lock and our row written under it (never a network call while the
// lock pins a connection). A read taken outside the lock may be older than one another writer
// took meanwhile, so the write only lands if our row is exactly as it was before we read Stripe:
// then every earlier write used an earlier read than ours. Otherwise someone wrote in between,
// with a read that may be newer than ours, and we read again.
const MAX_SYNC_ATTEMPTS = 8;

export class SyncContended extends Error {
  constructor(stripeId: string) {
    super(`${stripeId} kept changing while it was being synced; the event will be retried.`);
  }
}

const rowVersion = async (tx: Tx | typeof db, stripeSubscriptionId: string) =>
  JSON.stringify(await tx.subscription.findUnique({ where: { stripeSubscriptionId } }));

async function syncFromStripe<S, T>(
  stripeId: string,
  rowKey: string,
  read: () => Promise<S>,
  write: (tx: Tx, state: S) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; attempt <= MAX_SYNC_ATTEMPTS; attempt++) {
    const before = await rowVersion(db, rowKey);
    const state = await read();
    const done = await underStripeLock(`sync:${stripeId}`, async (tx) => {
      if ((await rowVersion(tx, rowKey)) !== before) return null;
      return { value: await write(tx, state) };
    });
    if (done) return done.value;
  }
  throw new SyncContended(stripeId);
}

/** Mirrors a Stripe subscription (re-read now) into our subscription row. */
export function syncStripeSubscription(stripe: Stripe, subscriptionId: string, checkoutSessionId?: string): Promise<Subscription | null> {
  return syncFromStripe(subscriptionId, subscriptionId, () => stripe.subscriptions.retrieve(subscriptionId), async (tx, sub) => {
    const meta = readPurchaseMetadata(sub.metadata);
    if (!meta) return null; // not a Tollgate item subscription
    const buyer = await resolveBuyer(tx, meta);
    if (!buyer) return null;
    const fields = subscriptionFields(sub);
    return tx.subscription.upsert({
      where: { stripeSubscriptionId: sub.id },
      create: {
        ...buyer,
        itemType: meta.item_type,
        itemId: meta.item_id,
        ...fields,
        interval: sub.items.data[0]?.price?.recurring?.interval === "year" ? "year" : "month",
        stripeSubscriptionId: sub.id,
        stripeCheckoutSessionId: checkoutSessionId ?? null,
      },
      update: {
        ...fields,
        ...(buyer.userId ? { userId: buyer.userId } : {}),
        ...(checkoutSessionId ? { stripeCheckoutSessionId: checkoutSessionId } : {}),
      },
    });
  });
}

/** A paid one-time purchase: an `active` row keyed by its PaymentIntent (see purchase-key.ts); a full refund revokes it. */
export function syncOneTimePurchase(stripe: Stripe, paymentIntentId: string, checkoutSessionId?: string): Promise<Subscription | null> {
  const rowKey = oneTimePurchaseKey(paymentIntentId);
  const read = () => stripe.paymentIntents.retrieve(paymentIntentId, { expand: ["latest_charge"] });
  return syncFromStripe(paymentIntentId, rowKey, read, async (tx, pi) => {
    const meta = readPurchaseMetadata(pi.metadata);
    // a tip grants nothing, so it has no purchase row (a refund of it revokes nothing either); nor does a credit top-up
    if (!meta || isTip(meta) || isTopUp(meta) || pi.status !== "succeeded") return null;
    const buyer = await resolveBuyer(tx, meta);
    if (!buyer) return null;
    const charge = pi.latest_charge && typeof pi.latest_charge === "object" ? pi.latest_charge : null;
    const refunded = Boolean(charge?.refunded);
    const paidAt = new Date((charge?.created ?? pi.created) * 1000);
    const state = refunded
      ? { status: "canceled" as const, canceledAt: new Date() }
      : { status: "active" as const, canceledAt: null };
    return tx.subscription.upsert({
      where: { stripeSubscriptionId: rowKey },
      create: {
        ...buyer,
        itemType: meta.item_type,
        itemId: meta.item_id,
        ...state,
        currentPeriodStart: paidAt,
        stripeSubscriptionId: rowKey,
        stripeCustomerId: idOf(pi.customer),
        stripeCheckoutSessionId: checkoutSessionId ?? null,
        amount: pi.amount,
        currency: pi.currency,
        interval: "one_time",
      },
      update: {
        // a refunded purchase stays revoked; otherwise keep what we have (the buyer may have canceled)
        ...(refunded ? state : {}),
        ...(buyer.userId ? { userId: buyer.userId } : {}),
      },
    });
  });
}

/**
 * A one-time purchase a promotion code made free: Stripe completes the session without a payment
 * (`no_payment_required`), so the row is keyed by the session. Nothing was charged, so the ledger
 * has nothing to record and there is nothing to refund.
 */
function syncFreePurchase(session: Stripe.Checkout.Session): Promise<Subscription | null> {
  const rowKey = oneTimePurchaseKey(session.id);
  return syncFromStripe(session.id, rowKey, async () => session, async (tx, s) => {
    const meta = readPurchaseMetadata(s.metadata);
    if (!meta || isTip(meta) || isTopUp(meta)) return null;
    const buyer = await resolveBuyer(tx, meta);
    if (!buyer) return null;
    return tx.subscription.upsert({
      where: { stripeSubscriptionId: rowKey },
      create: {
        ...buyer,
        itemType: meta.item_type,
        itemId: meta.item_id,
        status: "active",
        currentPeriodStart: new Date(s.created * 1000),
        stripeSubscriptionId: rowKey,
        stripeCustomerId: idOf(s.customer),
        stripeCheckoutSessionId: s.id,
        amount: s.amount_total ?? 0,
        currency: s.currency,
        interval: "one_time",
      },
      update: buyer.userId ? { userId: buyer.userId } : {},
    });
  });
}

/** A completed checkout that used a promotion code counts one redemption for its buyer (once). */
async function countRedemption(session: Stripe.Checkout.Session, subscription: Subscription) {
  const ours = await db.checkoutSession.findUnique({ where: { stripeSessionId: session.id } });
  if (!ours?.promotionCodeId) return;
  await recordRedemption(db, {
    checkoutSessionId: ours.id,
    stripeSessionId: session.id,
    promotionCodeId: ours.promotionCodeId,
    platformId: ours.platformId,
    email: ours.email ?? subscription.email,
    userId: ours.userId ?? subscription.userId,
    discountMinor: session.total_details?.amount_discount ?? ours.discountAmount,
    currency: session.currency ?? subscription.currency ?? "usd",
  });
}

/**
 * Applies a completed Checkout Session (webhook or return callback): re-reads the session, then
 * the subscription or payment behind it. Returns the subscription row, or null when unpaid.
 */
export async function applyCheckoutSession(stripe: Stripe, sessionId: string) {
  const session = await stripe.checkout.sessions.retrieve(sessionId);
  if (session.status !== "complete") return { session, subscription: null };
  let subscription: Subscription | null = null;
  // a credit top-up: its credits once paid (lib/top-up/apply-top-up.ts), no purchase row, no access
  if (await applyTopUp(session)) return { session, subscription };
  if (isTip(readPurchaseMetadata(session.metadata))) {
    // a tip: our checkout row is complete once paid, and nothing else changes (no access)
    if (session.payment_status === "paid") {
      await db.checkoutSession.updateMany({ where: { stripeSessionId: session.id }, data: { status: "complete", completedAt: new Date() } });
    }
    return { session, subscription };
  }
  if (session.mode === "subscription" && session.subscription) {
    subscription = await syncStripeSubscription(stripe, idOf(session.subscription)!, session.id);
  } else if (session.mode === "payment" && session.payment_status === "paid" && session.payment_intent) {
    subscription = await syncOneTimePurchase(stripe, idOf(session.payment_intent)!, session.id);
  } else if (session.mode === "payment" && session.payment_status === "no_payment_required") {
    subscription = await syncFreePurchase(session);
  }
  if (subscription) await countRedemption(session, subscription);
  await db.checkoutSession.updateMany({
    where: { stripeSessionId: session.id },
    data: { status: "complete", completedAt: new Date(), ...(subscription ? { subscriptionId: subscription.id } : {}) },
  });
  return { session, subscription };
}
