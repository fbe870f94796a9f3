import "server-only";
import type Stripe from "stripe";
import { db } from "@/lib/db";
import { appendLedger, type NewLedgerEntry } from "@/lib/ledger/ledger-writes";
import { isMissingStripeObject } from "@/lib/stripe/errors";

// Ledger rows for payouts of a connected account (money leaving its Stripe balance for the bank).
// A payout is counted when Stripe reports it `paid`: one negative `payout` row for its amount.
// Should a paid payout later fail (or be canceled), a positive `payout` row reverses it. Every
// payout event (created, updated, paid, failed, canceled) re-reads the payout and writes only
// the difference between what its state calls for and what the ledger already holds for it, so
// duplicates, retries and any arrival order converge on one debit, or none.

export type PayoutState = { status: string; amount: number };

/**
 * What the ledger should hold for a payout, given what it holds now (the sum of its rows):
 * paid → −amount; failed or canceled → 0; pending and in transit → unchanged (nothing has
 * arrived yet, and a payout never goes from paid back to pending).
 */
export function payoutTarget(payout: PayoutState, recorded: number): number {
  if (payout.status === "paid") return -payout.amount;
  if (payout.status === "failed" || payout.status === "canceled") return 0;
  return recorded;
}

/** The platform that owns a connected account; a disconnected one is found through the account's metadata. */
async function platformOfAccount(stripe: Stripe, accountId: string): Promise<string | null> {
  const current = await db.platform.findUnique({ where: { stripeAccountId: accountId }, select: { id: true } });
  if (current) return current.id;
  const account = await stripe.accounts.retrieve(accountId).catch((e) => {
    if (isMissingStripeObject(e)) return null;
    throw e;
  });
  const platformId = account?.metadata?.platform_id;
  if (!platformId) return null;
  const platform = await db.platform.findUnique({ where: { id: platformId }, select: { id: true } });
  return platform?.id ?? null;
}

/** A payout event on the Connect endpoint; returns how many ledger rows were written. */
export async function recordPayout(stripe: Stripe, event: Stripe.Event, payoutId: string): Promise<number> {
  const accountId = event.account;
  // payouts of the platform's own account are not a connected platform's money
  if (!accountId) return 0;
  // Stripe is read here, before the lock (see lib/stripe/stripe-lock.ts)
  const payout = await stripe.payouts.retrieve(payoutId, {}, { stripeAccount: accountId });
  const platformId = await platformOfAccount(stripe, accountId);
  if (!platformId) return 0;
  return appendLedger(payout.id, async (tx) => {
    // one row per event at most: (source event, kind) is unique
    if (await tx.ledgerEntry.findFirst({ where: { kind: "payout", sourceEventId: event.id }, select: { id: true } })) return [];
    const sum = await tx.ledgerEntry.aggregate({ where: { kind: "payout", stripeObjectId: payout.id }, _sum: { amount: true } });
    const recorded = sum._sum.amount ?? 0;
    const delta = payoutTarget(payout, recorded) - recorded;
    if (delta === 0) return [];
    const row: NewLedgerEntry = {
      kind: "payout",
      amount: delta,
      currency: payout.currency,
      feeBps: 0,
      feeAmount: 0,
      netAmount: delta,
      platformId,
      stripeObjectId: payout.id,
      sourceEventId: event.id,
      description: delta < 0 ? "Payout paid" : payout.status === "failed" ? "Payout failed" : "Payout reversed",
      occurredAt: new Date((delta < 0 ? payout.arrival_date : event.created) * 1000),
    };
    return [row];
  });
}
