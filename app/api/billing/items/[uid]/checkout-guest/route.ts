import { canonicalGuestCheckout } from "@/lib/checkout/checkout-routes";

export const POST = canonicalGuestCheckout;

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
