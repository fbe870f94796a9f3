import { compositeSubscribersRoute } from "@/lib/analytics/analytics-routes";

export const GET = compositeSubscribersRoute;
