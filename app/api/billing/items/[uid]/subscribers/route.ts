import { canonicalSubscribersRoute } from "@/lib/analytics/analytics-routes";

export const GET = canonicalSubscribersRoute;
