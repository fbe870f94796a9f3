import { operatorRevenueRoute } from "@/lib/analytics/analytics-routes";

export const GET = operatorRevenueRoute;

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
