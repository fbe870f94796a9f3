import { canonicalPricing } from "@/lib/paywalls/paywall-routes";

export const { GET } = canonicalPricing;

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
