import { canonicalPrices } from "@/lib/paywalls/paywall-routes";

export const { GET, POST } = canonicalPrices;
