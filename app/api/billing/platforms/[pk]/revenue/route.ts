import { revenueRoute } from "@/lib/analytics/analytics-routes";

export const GET = revenueRoute;
