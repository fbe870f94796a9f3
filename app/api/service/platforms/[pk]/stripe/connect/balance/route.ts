import { connectBalanceRoute } from "@/lib/payouts/payout-routes";

export const GET = connectBalanceRoute;

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
