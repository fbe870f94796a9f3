import { canonicalSubscription } from "@/lib/subscriptions/subscription-routes";

export const GET = canonicalSubscription.read;
