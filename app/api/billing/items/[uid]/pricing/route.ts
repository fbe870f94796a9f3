import { canonicalPricing } from "@/lib/paywalls/paywall-routes";

export const { GET } = canonicalPricing;
