import { mySubscriptionsRoute } from "@/lib/subscriptions/subscription-routes";

export const GET = mySubscriptionsRoute;
