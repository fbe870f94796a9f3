import { payoutsSummaryRoute } from "@/lib/payouts/payout-routes";

export const GET = payoutsSummaryRoute;

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
