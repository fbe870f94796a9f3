import { canonicalCallback } from "@/lib/checkout/checkout-routes";

export const GET = canonicalCallback;

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
