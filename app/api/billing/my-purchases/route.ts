import { myPurchasesRoute } from "@/lib/subscriptions/subscription-routes";

export const GET = myPurchasesRoute;

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
