import "server-only";
import type Stripe from "stripe";
import { db } from "@/lib/db";
import type { LedgerEntry, Platform } from "@/lib/db";
import { BadRequestError, ConflictError, NotFoundError, ValidationError } from "@/lib/api/errors";
import { audit } from "@/lib/platforms/audit";
import { AmountError, fromMinorUnits, toMinorUnits } from "@/lib/prices/money";
import { stripe as stripeClient } from "@/lib/stripe/client";
import { callStripe, stripeFailure, toApiError } from "@/lib/stripe/errors";
import { underStripeLock } from "@/lib/stripe/stripe-lock";
import type { z } from "zod";
import { STRIPE_REFUND_REASONS, type Refund, type StripeRefundReason, type refundInput } from "./refund-schema";

// An admin refunds (part of) a sale. This call only asks Stripe; the ledger's negative row is
// written by the charge.refunded webhook (payment-entries.ts), and access of a fully refunded
// one-time purchase is revoked there too (apply-purchase.ts).
//
// Double submits. A refund is named by (ledger entry, amount asked — "full" when omitted, a key):
//  - the client's `idempotency_key` when given (one per opened form), else
//  - a derived key: what Stripe said was refunded on the charge when we read it just before.
// The name is both Stripe's Idempotency-Key (two requests in flight at once read the same state,
// send the same key and params, and Stripe answers the second with the first refund) and is kept
// in the audit row, which is looked up before anything else: a repeat of a keyed request at any
// time, or of a keyless one within DUPLICATE_WINDOW_MS, answers the refund already made instead of
// making another (after the first one, Stripe's state differs, so the derived key alone would not
// catch a click that arrives after the first answer). The name is also in the refund's metadata
// and the charge's refunds are looked through before creating, so a refund Stripe made whose
// audit row was not written (the database failed after Stripe answered) is not made again.
// No database lock is held across Stripe calls.

export const REFUND_AUDIT_ACTION = "refund.created";
/** A keyless request repeating one made this recently is taken as a double submit. */
export const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;

type Input = z.output<typeof refundInput>;
type Actor = { id: string };

type AuditData = {
  refund_id: string;
  ledger_entry_id: string;
  stripe_charge_id: string;
  amount: string;
  amount_minor: number;
  currency: string;
  reason: string;
  request: string;
  keyed: boolean;
};

function stripeReason(reason: string): StripeRefundReason {
  const key = reason.trim().toLowerCase().replace(/[\s-]+/g, "_") as StripeRefundReason;
  return STRIPE_REFUND_REASONS.includes(key) ? key : "requested_by_customer";
}

function view(refund: Stripe.Refund, entry: LedgerEntry, reason: string): Refund {
  return {
    id: refund.id,
    ledger_entry_id: entry.id,
    amount: fromMinorUnits(refund.amount, refund.currency),
    currency: refund.currency,
    status: refund.status ?? "pending",
    reason,
    created_at: new Date(refund.created * 1000).toISOString(),
  };
}

async function refundableEntry(platform: Platform, id: string): Promise<LedgerEntry & { stripeChargeId: string }> {
  const entry = await db.ledgerEntry.findFirst({ where: { id, platformId: platform.id } });
  if (!entry) throw new NotFoundError("No such ledger entry on this platform.");
  if (entry.kind !== "charge" && entry.kind !== "tip") throw new BadRequestError(`Only charges and tips can be refunded; this entry is a ${entry.kind}.`, {}, "not_refundable");
  if (!entry.stripeChargeId) throw new BadRequestError("This charge has no Stripe charge to refund.", {}, "not_refundable");
  return entry as LedgerEntry & { stripeChargeId: string };
}

/** An earlier refund made for the same request, if any (see the header). */
async function earlierRefund(platform: Platform, request: string, keyed: boolean) {
  const row = await db.auditLog.findFirst({
    where: {
      platformId: platform.id,
      action: REFUND_AUDIT_ACTION,
      data: { path: ["request"], equals: request },
      ...(keyed ? {} : { createdAt: { gte: new Date(Date.now() - DUPLICATE_WINDOW_MS) } }),
    },
    orderBy: { createdAt: "desc" },
  });
  return row ? (row.data as unknown as AuditData) : null;
}

/** The audit row of a refund, once (two requests answered with the same refund write one row). */
function auditOnce(platformId: string, actor: Actor, data: AuditData) {
  return underStripeLock(`refund:${data.refund_id}`, async (tx) => {
    const seen = await tx.auditLog.findFirst({ where: { platformId, action: REFUND_AUDIT_ACTION, target: data.refund_id } });
    if (!seen) await audit({ actorId: actor.id, platformId, action: REFUND_AUDIT_ACTION, target: data.refund_id, data }, tx);
  });
}

function auditData(refund: Stripe.Refund, entry: LedgerEntry & { stripeChargeId: string }, reason: string, request: string, keyed: boolean): AuditData {
  return {
    refund_id: refund.id,
    ledger_entry_id: entry.id,
    stripe_charge_id: entry.stripeChargeId,
    amount: fromMinorUnits(refund.amount, refund.currency),
    amount_minor: refund.amount,
    currency: refund.currency,
    reason,
    request,
    keyed,
  };
}

/** A refund of the charge that Stripe holds for this request (its metadata names it); keyless ones only if recent. */
async function madeInStripe(chargeId: string, request: string, keyed: boolean): Promise<Stripe.Refund | null> {
  const since = Math.floor((Date.now() - DUPLICATE_WINDOW_MS) / 1000);
  return callStripe("read the charge's refunds", async () => {
    for await (const r of stripeClient().refunds.list({ charge: chargeId, limit: 100 })) {
      if (r.metadata?.tollgate_request === request && (keyed || r.created >= since)) return r;
    }
    return null;
  });
}

export async function createRefund(platform: Platform, actor: Actor, input: Input): Promise<Refund> {
  const entry = await refundableEntry(platform, input.ledger_entry_id);
  const currency = entry.currency;
  let asked: number | null = null;
  if (input.amount !== undefined) {
    try {
      asked = toMinorUnits(input.amount, currency);
    } catch (e) {
      if (e instanceof AmountError) throw new ValidationError({ amount: [e.message] }, `Invalid amount: ${e.message}`);
      throw e;
    }
  }
  const spec = asked === null ? "full" : String(asked);
  const clientKey = input.idempotency_key;
  const requestBase = `${entry.id}:${spec}`;
  const request = clientKey ? `key:${requestBase}:${clientKey}` : `auto:${requestBase}`;
  const api = stripeClient();

  const earlier = await earlierRefund(platform, request, Boolean(clientKey));
  if (earlier) {
    const refund = await callStripe("read the refund", () => api.refunds.retrieve(earlier.refund_id));
    return view(refund, entry, earlier.reason);
  }

  // what is left to refund, by our ledger and by Stripe (read now, before creating)
  const ledgerRefunded = await db.ledgerEntry.aggregate({ where: { kind: "refund", stripeChargeId: entry.stripeChargeId }, _sum: { amount: true } });
  const leftByLedger = entry.amount + (ledgerRefunded._sum.amount ?? 0);
  const charge = await callStripe("read the charge", () => api.charges.retrieve(entry.stripeChargeId));
  // the same request already made in Stripe, but not in the audit log (its write failed after Stripe answered)
  const made = await madeInStripe(entry.stripeChargeId, request, Boolean(clientKey));
  if (made) {
    await auditOnce(platform.id, actor, auditData(made, entry, input.reason, request, Boolean(clientKey)));
    return view(made, entry, input.reason);
  }
  const leftByStripe = charge.amount - charge.amount_refunded;
  const left = Math.max(0, Math.min(leftByLedger, leftByStripe));
  const amount = asked ?? left;
  if (amount <= 0 || amount > left) {
    throw new BadRequestError(
      left <= 0
        ? "This charge is already fully refunded."
        : `At most ${fromMinorUnits(left, currency)} ${currency.toUpperCase()} can still be refunded on this charge.`,
      { refundable: fromMinorUnits(left, currency), currency },
      "refund_exceeds_charge",
    );
  }

  const key = clientKey ? `tollgate-refund:${request}` : `tollgate-refund:${request}:after-${charge.amount_refunded}`;
  let refund: Stripe.Refund;
  try {
    refund = await api.refunds.create(
      {
        charge: entry.stripeChargeId,
        amount,
        reason: stripeReason(input.reason),
        // destination charge: the connected account gives back its share and we our commission
        refund_application_fee: true,
        reverse_transfer: true,
        metadata: { tollgate_reason: input.reason, tollgate_request: request, ledger_entry_id: entry.id, platform_key: platform.key },
      },
      { idempotencyKey: key },
    );
  } catch (e) {
    // the same key with other parameters: another refund of this charge is being made right now
    if (stripeFailure(e)?.kind === "idempotency") {
      throw new ConflictError("Another refund of this charge is being made; reload and check before trying again.", {}, "refund_in_progress");
    }
    throw toApiError("create the refund", e);
  }

  await auditOnce(platform.id, actor, auditData(refund, entry, input.reason, request, Boolean(clientKey)));
  return view(refund, entry, input.reason);
}
