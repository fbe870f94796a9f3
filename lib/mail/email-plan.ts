import type { SaleEventPayload } from "@/lib/sale-events/sale-event-schema";
import type { EmailKind } from "./templates";

// Which e-mails one sale event makes, and the key that makes each go out once. Pure: the
// caller loads the owners and the platform's settings.

export type PlannedEmail = { kind: EmailKind; to: string; dedupeKey: string };

export type OwnerNotifications = { newSale: boolean; refund: boolean; dispute: boolean };

const normal = (email: string) => email.trim().toLowerCase();
const looksLikeEmail = (email: string) => /^[^\s@]+@[^\s@]+$/.test(email);

export function planEmails(
  event: { id: string; payload: SaleEventPayload },
  ownerEmails: readonly string[],
  notify: OwnerNotifications,
): PlannedEmail[] {
  const { type, data } = event.payload;
  const buyer = normal(data.buyer.email);
  const owners = [...new Set(ownerEmails.map(normal))].filter(looksLikeEmail);
  const out: PlannedEmail[] = [];
  // one e-mail per (event, kind, recipient): a second delivery of the same fact adds nothing
  const perEvent = (kind: EmailKind, to: string) => out.push({ kind, to, dedupeKey: `${event.id}:${kind}:${to}` });
  const toBuyer = (kind: EmailKind) => looksLikeEmail(buyer) && perEvent(kind, buyer);
  const toOwners = (kind: EmailKind, on: boolean) => on && owners.forEach((o) => perEvent(kind, o));
  // a scheduled cancellation and the end that follows it are one story: one e-mail per purchase
  const cancellation = () =>
    looksLikeEmail(buyer) &&
    out.push({ kind: "cancellation_confirmed", to: buyer, dedupeKey: `purchase:${data.purchase.id}:cancellation_confirmed:${buyer}` });

  switch (type) {
    case "purchase.completed":
      toBuyer("purchase_receipt");
      toOwners("owner_new_sale", notify.newSale);
      break;
    case "subscription.renewed":
      toBuyer("renewal_receipt");
      break;
    case "payment.failed":
      toBuyer("payment_failed");
      break;
    case "subscription.trial_will_end":
      toBuyer("trial_ending");
      break;
    case "subscription.updated": {
      const change = data.change?.cancel_at_period_end;
      if (change && !change.from && change.to) cancellation();
      break;
    }
    case "subscription.canceled":
      cancellation();
      break;
    case "refund.created":
      toBuyer("refund_issued");
      toOwners("owner_refund", notify.refund);
      break;
    case "dispute.created":
      toOwners("owner_dispute", notify.dispute);
      break;
    case "subscription.created":
      // the receipt comes with purchase.completed
      break;
  }
  return out;
}
