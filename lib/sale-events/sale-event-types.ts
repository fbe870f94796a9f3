// The sale event types and what each means: pure, for the server and the browser alike.

export const SALE_EVENT_TYPES = [
  "purchase.completed",
  "subscription.created",
  "subscription.updated",
  "subscription.renewed",
  "subscription.canceled",
  "subscription.trial_will_end",
  "payment.failed",
  "refund.created",
  "dispute.created",
  "tip.received",
] as const;

export type SaleEventType = (typeof SALE_EVENT_TYPES)[number];

export const SALE_EVENT_DESCRIPTIONS: Record<SaleEventType, string> = {
  "purchase.completed": "A buyer paid for an item: a first subscription payment or a one-time purchase. `payment` holds what was paid.",
  "subscription.created": "A subscription to an item began (trialing or active).",
  "subscription.updated": "A subscription changed: status, period, tier or cancel-at-period-end. `change` names what changed.",
  "subscription.renewed": "A subscription's renewal invoice was paid. `payment` holds what was paid.",
  "subscription.canceled": "A subscription ended, or a one-time purchase was canceled: access ends.",
  "subscription.trial_will_end": "A subscription's trial ends in 3 days.",
  "payment.failed": "A subscription payment failed; the subscription may be `past_due`.",
  "refund.created": "A payment was refunded, in full or in part. `refund` holds the refund.",
  "dispute.created": "A buyer disputed a payment with their bank. `dispute` holds the dispute.",
  "tip.received":
    "A buyer tipped the creator of an item (no access changes). `payment` holds what was paid, `tip` the buyer's message; `purchase.id` is the Checkout Session id.",
};
