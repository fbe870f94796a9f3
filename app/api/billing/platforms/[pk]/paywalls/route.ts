import { paywallListRoute } from "@/lib/paywalls/paywall-list-route";

export const GET = paywallListRoute;
