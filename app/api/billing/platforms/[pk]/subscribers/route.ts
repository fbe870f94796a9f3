import { platformSubscribersRoute } from "@/lib/analytics/analytics-routes";

export const GET = platformSubscribersRoute;
