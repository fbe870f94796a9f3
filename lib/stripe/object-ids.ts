import type Stripe from "stripe";

/** The id of an expandable Stripe field, whether it arrived as an id or as the object. */
export const idOf = (v: string | { id: string } | null | undefined): string | null => (v ? (typeof v === "string" ? v : v.id) : null);

/** The subscription an invoice bills (moved under `parent` in current API versions). */
export function invoiceSubscriptionId(invoice: Stripe.Invoice): string | null {
  const legacy = invoice as unknown as { subscription?: string | { id: string } | null };
  return idOf(invoice.parent?.subscription_details?.subscription ?? legacy.subscription ?? null);
}
