import "server-only";
import type Stripe from "stripe";
import { db } from "@/lib/db";
import type { LedgerEntry, Platform } from "@/lib/db";
import { BadRequestError, UpstreamError } from "@/lib/api/errors";
import { fromMinorUnits } from "@/lib/prices/money";
import { stripe as stripeClient } from "@/lib/stripe/client";
import { isMissingStripeObject, stripeFailure } from "@/lib/stripe/errors";
import { idOf } from "@/lib/stripe/object-ids";
import type { z } from "zod";
import { RECONCILIATION_MAX_DAYS, type Reconciliation, type ReconciliationDifference, type reconciliationQuery } from "./reconciliation-schema";

// The platform's ledger compared with Stripe over a range. The sales looked at are those with a
// ledger row in the range plus the destination charges Stripe transferred to the platform's
// account in it (a sale Stripe has and the ledger lacks is a difference too); for each, every
// ledger row of that sale is compared with the charge as Stripe has it now:
//   charge           ledger charge amount        ↔ charge.amount (succeeded charges)
//   refund           Σ ledger refund rows        ↔ −charge.amount_refunded
//   application_fee  ledger commission           ↔ application fee amount; Σ reversed on refunds ↔ −fee.amount_refunded
//   transfer         ledger charge amount        ↔ transfer.amount (destination charges move the gross);
//                    Σ ledger refund rows        ↔ −transfer.amount_reversed (refunds reverse the transfer)
//   dispute          each dispute / dispute_won  ↔ the Stripe dispute (−amount; +amount once won)
//   payout           Σ rows of a payout          ↔ −payout.amount when paid, 0 when failed or canceled
// Stripe is read with pagination and a few requests at a time; the range is bounded so one call
// cannot scan without end. Any Stripe failure fails the whole answer (a partial one would lie).

type Query = z.output<typeof reconciliationQuery>;

const CONCURRENCY = 4;
const DAY_MS = 24 * 60 * 60 * 1000;

function instant(value: string): Date {
  // a bare date is midnight UTC
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
}

export function reconciliationRange(query: Query): { from: Date; to: Date } {
  const from = instant(query.from);
  const to = instant(query.to);
  if (!(to.getTime() > from.getTime())) throw new BadRequestError("`to` must be after `from`.", {}, "invalid_range");
  if (to.getTime() - from.getTime() > RECONCILIATION_MAX_DAYS * DAY_MS) {
    throw new BadRequestError(`A range covers at most ${RECONCILIATION_MAX_DAYS} days.`, { max_days: RECONCILIATION_MAX_DAYS }, "range_too_long");
  }
  return { from, to };
}

/** Runs `fn` over `items`, `limit` at a time, keeping the order. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

async function readStripe<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    // whatever Stripe failed with, no reconciliation can be given now (a partial one would lie)
    if (stripeFailure(e)) throw new UpstreamError(`Could not ${what} in Stripe; try again in a moment.`, 503, "stripe_unavailable");
    throw e;
  }
}

type Sale = {
  chargeId: string;
  charge: Stripe.Charge | null;
  disputes: Stripe.Dispute[];
};

const sum = (rows: LedgerEntry[], pick: (r: LedgerEntry) => number = (r) => r.amount) => rows.reduce((n, r) => n + pick(r), 0);

export async function reconcile(platform: Platform, query: Query): Promise<Reconciliation> {
  const { from, to } = reconciliationRange(query);
  const api = stripeClient();
  const inRange = await db.ledgerEntry.findMany({ where: { platformId: platform.id, occurredAt: { gte: from, lt: to } }, orderBy: { occurredAt: "asc" } });

  // the sales: charge ids of ledger rows in range, plus what Stripe transferred to the platform in range
  const chargeIds = new Set(inRange.map((r) => r.stripeChargeId).filter((id): id is string => Boolean(id)));
  if (platform.stripeAccountId) {
    const created = { gte: Math.floor(from.getTime() / 1000), lt: Math.floor(to.getTime() / 1000) };
    await readStripe("list transfers", async () => {
      for await (const t of api.transfers.list({ destination: platform.stripeAccountId!, created, limit: 100 })) {
        if (t.created < created.gte || t.created >= created.lt) continue;
        const source = idOf(t.source_transaction);
        if (source?.startsWith("ch_") || source?.startsWith("py_")) chargeIds.add(source);
      }
    });
  }

  const saleRows = chargeIds.size
    ? await db.ledgerEntry.findMany({ where: { platformId: platform.id, stripeChargeId: { in: [...chargeIds] } }, orderBy: { occurredAt: "asc" } })
    : [];
  const sales: Sale[] = await mapLimited([...chargeIds], CONCURRENCY, async (chargeId) => {
    const rows = saleRows.filter((r) => r.stripeChargeId === chargeId);
    const charge = await readStripe("read a charge", async () => {
      try {
        return await api.charges.retrieve(chargeId, { expand: ["application_fee", "transfer"] });
      } catch (e) {
        if (isMissingStripeObject(e)) return null;
        throw e;
      }
    });
    const wantDisputes = Boolean(charge?.disputed) || rows.some((r) => r.kind === "dispute" || r.kind === "dispute_won");
    const disputes: Stripe.Dispute[] = [];
    if (charge && wantDisputes) {
      await readStripe("list disputes", async () => {
        for await (const d of api.disputes.list({ charge: chargeId, limit: 100 })) disputes.push(d);
      });
    }
    return { chargeId, charge, disputes };
  });

  const differences: ReconciliationDifference[] = [];
  const compared = new Set<string>();
  const note = (
    kind: ReconciliationDifference["kind"],
    stripeId: string,
    rows: LedgerEntry[],
    ledger: number,
    stripeAmount: number,
    currency: string,
    detail: string,
  ) => {
    for (const r of rows) compared.add(r.id);
    if (ledger === stripeAmount) return;
    differences.push({
      kind,
      stripe_id: stripeId,
      ledger_entry_id: rows[0]?.id ?? null,
      ledger_amount: fromMinorUnits(ledger, currency),
      stripe_amount: fromMinorUnits(stripeAmount, currency),
      delta: fromMinorUnits(stripeAmount - ledger, currency),
      currency,
      detail,
    });
  };

  for (const { chargeId, charge, disputes } of sales) {
    const rows = saleRows.filter((r) => r.stripeChargeId === chargeId);
    // a tip is a sale like a charge: Stripe knows it as a charge
    const charges = rows.filter((r) => r.kind === "charge" || r.kind === "tip");
    const refunds = rows.filter((r) => r.kind === "refund");
    const currency = charge?.currency ?? rows[0]?.currency ?? "usd";
    const paid = charge && charge.status === "succeeded" ? charge.amount : 0;
    note("charge", chargeId, charges, sum(charges), paid, currency, charge ? "Charge amount." : "Charge not found in Stripe.");
    note("refund", chargeId, refunds, sum(refunds), -(charge?.amount_refunded ?? 0), currency, "Amount refunded on the charge.");

    const fee = charge && typeof charge.application_fee === "object" ? charge.application_fee : null;
    const feeId = fee?.id ?? idOf(charge?.application_fee ?? null) ?? chargeId;
    note("application_fee", feeId, charges, sum(charges, (r) => r.feeAmount), fee?.amount ?? 0, currency, "Commission taken on the charge.");
    note("application_fee", feeId, refunds, sum(refunds, (r) => r.feeAmount), -(fee?.amount_refunded ?? 0), currency, "Commission given back on refunds.");

    const transfer = charge && typeof charge.transfer === "object" ? charge.transfer : null;
    const transferId = transfer?.id ?? idOf(charge?.transfer ?? null) ?? chargeId;
    note("transfer", transferId, charges, sum(charges), transfer?.amount ?? 0, currency, "Transferred to the connected account.");
    note("transfer", transferId, refunds, sum(refunds), -(transfer?.amount_reversed ?? 0), currency, "Transfer reversed on refunds.");

    const disputeRows = rows.filter((r) => r.kind === "dispute" || r.kind === "dispute_won");
    const seen = new Set<string>();
    for (const d of disputes) {
      if (d.status.startsWith("warning_")) continue; // inquiries move no money
      seen.add(d.id);
      const opened = disputeRows.filter((r) => r.kind === "dispute" && r.stripeObjectId === d.id);
      const won = disputeRows.filter((r) => r.kind === "dispute_won" && r.stripeObjectId === d.id);
      note("dispute", d.id, opened, sum(opened), -d.amount, d.currency, "Funds withdrawn by the dispute.");
      note("dispute_won", d.id, won, sum(won), d.status === "won" ? d.amount : 0, d.currency, "Funds reinstated when the dispute was won.");
    }
    for (const r of disputeRows) {
      if (r.stripeObjectId && seen.has(r.stripeObjectId)) continue;
      note(r.kind as "dispute" | "dispute_won", r.stripeObjectId ?? chargeId, [r], r.amount, 0, r.currency, "Dispute not found in Stripe.");
    }
    // other kinds on the sale (adjustments) have no Stripe counterpart to compare
  }

  // ledger charges Stripe cannot be asked about: no charge id recorded
  for (const r of inRange.filter((r) => (r.kind === "charge" || r.kind === "tip") && !r.stripeChargeId)) {
    note("charge", r.stripePaymentIntentId ?? r.stripeInvoiceId ?? r.id, [r], r.amount, 0, r.currency, "Ledger charge without a Stripe charge id.");
  }

  await comparePayouts(platform, inRange, api, note);

  return { from: from.toISOString(), to: to.toISOString(), checked: compared.size, differences };
}

type Note = (
  kind: ReconciliationDifference["kind"],
  stripeId: string,
  rows: LedgerEntry[],
  ledger: number,
  stripeAmount: number,
  currency: string,
  detail: string,
) => void;

/** Payout rows (when the ledger has them) against the connected account's payouts. */
async function comparePayouts(platform: Platform, inRange: LedgerEntry[], api: Stripe, note: Note) {
  const touched = inRange.filter((r) => r.kind === "payout");
  if (!touched.length || !platform.stripeAccountId) return;
  // a payout with a row in range is compared with all its rows (paid in range, failed after it)
  const ids = [...new Set(touched.map((r) => r.stripeObjectId).filter((id): id is string => Boolean(id)))];
  const others = ids.length
    ? await db.ledgerEntry.findMany({ where: { platformId: platform.id, kind: "payout", stripeObjectId: { in: ids }, id: { notIn: touched.map((r) => r.id) } } })
    : [];
  const payoutRows = [...touched, ...others];
  const byPayout = new Map<string, LedgerEntry[]>();
  for (const r of payoutRows) {
    const id = r.stripeObjectId ?? r.id;
    byPayout.set(id, [...(byPayout.get(id) ?? []), r]);
  }
  const account = platform.stripeAccountId;
  const payouts = await mapLimited([...byPayout.keys()], CONCURRENCY, (id) =>
    id.startsWith("po_")
      ? readStripe("read a payout", async () => {
          try {
            return await api.payouts.retrieve(id, {}, { stripeAccount: account });
          } catch (e) {
            if (isMissingStripeObject(e)) return null;
            throw e;
          }
        })
      : Promise.resolve(null),
  );
  [...byPayout.entries()].forEach(([id, rows], i) => {
    const payout = payouts[i];
    const currency = payout?.currency ?? rows[0].currency;
    if (payout && !["paid", "failed", "canceled"].includes(payout.status)) {
      for (const r of rows) note("payout", id, [r], 0, 0, currency, "Payout in flight."); // counted, not compared
      return;
    }
    const expected = payout?.status === "paid" ? -payout.amount : 0;
    note("payout", id, rows, sum(rows), expected, currency, payout ? `Payout ${payout.status}.` : "Payout not found in Stripe.");
  });
}
