import { compositeSubscription } from "@/lib/subscriptions/subscription-routes";

export const POST = compositeSubscription.cancel;
