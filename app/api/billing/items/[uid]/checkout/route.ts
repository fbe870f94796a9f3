import { canonicalCheckout } from "@/lib/checkout/checkout-routes";

export const POST = canonicalCheckout;

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
