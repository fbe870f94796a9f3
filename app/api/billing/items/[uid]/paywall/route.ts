import { canonicalPaywall } from "@/lib/paywalls/paywall-routes";

export const { GET, POST, PUT, DELETE } = canonicalPaywall;

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
