import { metricsRoute } from "@/lib/analytics/analytics-routes";

export const GET = metricsRoute;

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
