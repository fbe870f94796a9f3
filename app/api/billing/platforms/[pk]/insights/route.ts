import { insightsRoute } from "@/lib/insights/insights-routes";

export const GET = insightsRoute;

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
