import { canonicalGuestCheckout } from "@/lib/checkout/checkout-routes";

export const POST = canonicalGuestCheckout;
