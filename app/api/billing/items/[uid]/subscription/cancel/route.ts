import { canonicalSubscription } from "@/lib/subscriptions/subscription-routes";

export const POST = canonicalSubscription.cancel;
