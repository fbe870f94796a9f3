import { compositeSubscription } from "@/lib/subscriptions/subscription-routes";

export const GET = compositeSubscription.read;
