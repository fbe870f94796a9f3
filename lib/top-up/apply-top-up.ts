import "server-only";
import type Stripe from "stripe";
import { db } from "@/lib/db";
import { isTopUp, readPurchaseMetadata } from "@/lib/checkout/purchase-metadata";
import { idOf } from "@/lib/stripe/object-ids";
import { creditWallet, debitWallet } from "@/lib/wallets/wallet-ledger";

// The wallet side of a top-up: its credits once paid (sourceKey `topup:<cs>`), and on a refund
// the unspent share of them back out (sourceKey `topup_refund:<re>`, never below zero). Each
// effect is keyed by a Stripe id, so replays and any delivery order change nothing twice.

type TopUpFacts = { platformId: string; userId: string; credits: number };

/** What a top-up's metadata (session or payment intent) says was bought, and for whom; null when it is not one. */
async function topUpFacts(metadata: Record<string, string> | null | undefined): Promise<TopUpFacts | null> {
  const meta = readPurchaseMetadata(metadata);
  if (!meta || !isTopUp(meta) || !meta.user_id) return null;
  const credits = Number(metadata?.credits);
  if (!Number.isInteger(credits) || credits <= 0) return null;
  const platform = await db.platform.findUnique({ where: { key: meta.platform_key }, select: { id: true } });
  return platform ? { platformId: platform.id, userId: meta.user_id, credits } : null;
}

/** A completed, paid top-up session: adds its credits once. Returns true when the session is a top-up. */
export async function applyTopUp(session: Stripe.Checkout.Session): Promise<boolean> {
  if (!isTopUp(readPurchaseMetadata(session.metadata))) return false;
  if (session.status !== "complete" || session.payment_status !== "paid") return true;
  const facts = await topUpFacts(session.metadata);
  if (!facts) return true;
  await creditWallet(facts.platformId, facts.userId, "topup", facts.credits, {
    sourceKey: `topup:${session.id}`,
    reason: "Top-up",
    itemType: "credit_pack",
    itemId: readPurchaseMetadata(session.metadata)!.item_id,
    metadata: { checkout_session_id: session.id, payment_intent_id: idOf(session.payment_intent) },
  });
  await db.checkoutSession.updateMany({ where: { stripeSessionId: session.id }, data: { status: "complete", completedAt: new Date() } });
  return true;
}

/** Credits a refund takes back: the refunded share of the credits bought, rounded. */
export function refundedCredits(credits: number, refunded: number, charged: number): number {
  if (charged <= 0 || refunded <= 0) return 0;
  return Math.round((credits * refunded) / charged);
}

/** charge.refunded of a top-up: each refund (not failed or canceled) removes its share of the credits, as far as they are unspent. */
export async function refundTopUp(stripe: Stripe, chargeId: string): Promise<number> {
  const charge = await stripe.charges.retrieve(chargeId);
  const pi = idOf(charge.payment_intent);
  const metadata = readPurchaseMetadata(charge.metadata) ? charge.metadata : pi ? (await stripe.paymentIntents.retrieve(pi)).metadata : null;
  const facts = await topUpFacts(metadata);
  if (!facts) return 0;
  const refunds = await stripe.refunds.list({ charge: charge.id, limit: 100 });
  let removed = 0;
  for (const refund of refunds.data) {
    // as the revenue ledger, a pending refund counts (Stripe has taken it off the charge)
    if (refund.status === "failed" || refund.status === "canceled") continue;
    const amount = refundedCredits(facts.credits, refund.amount, charge.amount);
    if (amount <= 0) continue;
    const result = await debitWallet(facts.platformId, facts.userId, "refund", amount, {
      sourceKey: `topup_refund:${refund.id}`,
      reason: "Top-up refunded",
      itemType: "credit_pack",
      itemId: readPurchaseMetadata(metadata)!.item_id,
      partial: true,
      metadata: { charge_id: charge.id, refund_id: refund.id, refunded_amount: refund.amount },
    });
    if (result.ok && !result.duplicate) removed += result.charged;
  }
  return removed;
}
