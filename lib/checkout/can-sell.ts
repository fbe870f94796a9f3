import type { Platform } from "@/lib/db";

// The one answer to "can this seller take payments right now?". Pure (the db is a type import):
// checkout, the buy page, the access check's `pricing_available` and the public pricing all ask it.

type SellerFields = Pick<Platform, "enableMonetization" | "stripeAccountId" | "stripeDetailsSubmitted" | "stripeChargesEnabled">;

/** The platform's Stripe account is connected, onboarded and may take charges. */
export function hasPaymentsAccount(p: Omit<SellerFields, "enableMonetization">): boolean {
  return Boolean(p.stripeAccountId) && p.stripeDetailsSubmitted && p.stripeChargesEnabled;
}

/** The operator turned monetization on for the platform and its Stripe account can take charges. */
export function canSell(p: SellerFields): boolean {
  return p.enableMonetization && hasPaymentsAccount(p);
}
