import { compositePaywall } from "@/lib/paywalls/paywall-routes";

export const { GET, POST, PUT, DELETE } = compositePaywall;
