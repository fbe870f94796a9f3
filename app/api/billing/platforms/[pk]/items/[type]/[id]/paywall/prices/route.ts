import { compositePrices } from "@/lib/paywalls/paywall-routes";

export const { GET, POST } = compositePrices;
