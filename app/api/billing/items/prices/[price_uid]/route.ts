import { canonicalPriceDetail } from "@/lib/paywalls/paywall-routes";

export const { GET, PUT, PATCH, DELETE } = canonicalPriceDetail;
