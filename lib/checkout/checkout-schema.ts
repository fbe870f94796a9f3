import { z } from "zod";
import { priceIntervalSchema, priceViewSchema } from "@/lib/prices/price-view";
import { subscriptionStatusSchema } from "@/lib/subscriptions/statuses";

// Response schemas and error codes of the checkout endpoints. Pure (no db, no env) so the buy
// page and the client hooks can import them.

/** A tier as a buyer sees it (the buy page, the paywall modal): no Stripe ids, no timestamps. */
export const buyerPriceSchema = priceViewSchema.pick({
  id: true,
  name: true,
  description: true,
  amount: true,
  amount_minor: true,
  currency: true,
  interval: true,
  features: true,
  remark: true,
  sort_order: true,
  is_active: true,
  custom_amount: true,
});
export type BuyerPrice = z.infer<typeof buyerPriceSchema>;

export const checkoutStartedSchema = z
  .object({
    checkout_url: z.url().meta({ description: "Stripe Checkout page to send the buyer to." }),
    session_id: z.string().meta({ description: "The Checkout Session id; poll `/api/billing/checkout-sessions/{id}/` with it." }),
    platform_key: z.string(),
  })
  .meta({ id: "CheckoutStarted" });
export type CheckoutStarted = z.infer<typeof checkoutStartedSchema>;

export const CHECKOUT_STATUSES = ["open", "complete", "expired"] as const;

export const checkoutPaymentSchema = z
  .object({
    amount: z.string().meta({ description: "Amount paid, as a decimal string." }),
    currency: z.string(),
    paid_at: z.iso.datetime(),
    receipt_number: z.string().nullable().meta({ description: "The invoice number (subscriptions) or the charge's receipt number." }),
    hosted_invoice_url: z.string().nullable(),
  })
  .meta({ id: "CheckoutPayment" });
export type CheckoutPayment = z.infer<typeof checkoutPaymentSchema>;

export const checkoutSessionStatusSchema = z
  .object({
    session_id: z.string(),
    status: z.enum(CHECKOUT_STATUSES).meta({ description: "`complete` once Stripe confirmed the payment (webhook or return callback)." }),
    access_granted: z.boolean(),
    subscription_status: subscriptionStatusSchema.nullable(),
    subscription_id: z.uuid().nullable(),
    trial_end: z.iso.datetime().nullable(),
    email: z.string().nullable(),
    is_guest: z.boolean(),
    platform: z.object({ key: z.string(), name: z.string() }),
    item_type: z.string(),
    item_id: z.string(),
    item_name: z.string().nullable(),
    paywall_unique_id: z.uuid().nullable(),
    price_name: z.string().nullable(),
    interval: priceIntervalSchema.nullable(),
    return_url: z.string().meta({ description: "Where the buyer goes once access is granted." }),
    amount: z.string().nullable().meta({ description: "What the plan costs this buyer, as a decimal string (per period for subscriptions)." }),
    currency: z.string().nullable(),
    is_one_time: z.boolean().meta({ description: "A one-time purchase: nothing renews." }),
    next_renewal: z.iso.datetime().nullable().meta({ description: "When the next payment is due (the trial's end while trialing); null for one-time purchases and plans set to end." }),
    payment: checkoutPaymentSchema.nullable().meta({ description: "What was paid, once complete; null while open and for a trial's free start." }),
    receipt_email: z
      .object({
        to: z.string(),
        status: z.enum(["queued", "sent", "failed"]).meta({ description: "`queued` until the e-mail job sent it." }),
      })
      .nullable()
      .meta({ description: "The purchase receipt e-mail, once the purchase is recorded; null before." }),
  })
  .meta({ id: "CheckoutSessionStatus", description: "Our record of a Checkout Session, as the thank-you page polls it." });
export type CheckoutSessionStatus = z.infer<typeof checkoutSessionStatusSchema>;

/**
 * Codes a checkout refusal carries, for clients to branch on:
 *  - already_subscribed      409, the signed-in buyer already holds the item (`subscription_id` names it)
 *  - guest_checkout_refused  400, a guest's e-mail cannot buy this item (its owner is told by e-mail)
 *  - not_sellable            400, the paywall is off or the seller cannot take payments right now
 *  - price_inactive          400, the tier was deactivated or removed
 *  - unknown_price           400, the tier is not one of this item's
 */
export const CHECKOUT_ERROR_CODES = ["already_subscribed", "guest_checkout_refused", "not_sellable", "price_inactive", "unknown_price"] as const;
export type CheckoutErrorCode = (typeof CHECKOUT_ERROR_CODES)[number];
