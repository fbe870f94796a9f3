import { compositePricing } from "@/lib/paywalls/paywall-routes";

export const { GET } = compositePricing;
