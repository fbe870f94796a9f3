import { paywallListRoute } from "@/lib/paywalls/paywall-list-route";

export const GET = paywallListRoute;

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
