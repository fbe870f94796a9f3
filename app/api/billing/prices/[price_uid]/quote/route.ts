import { quoteRoute } from "@/lib/promotions/promotion-routes";

export const POST = quoteRoute;

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
