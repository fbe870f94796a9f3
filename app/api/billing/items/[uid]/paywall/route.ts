import { canonicalPaywall } from "@/lib/paywalls/paywall-routes";

export const { GET, POST, PUT, DELETE } = canonicalPaywall;
