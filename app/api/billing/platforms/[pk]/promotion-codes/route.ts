import { createPromotionCodeRoute, listPromotionCodesRoute } from "@/lib/promotions/promotion-routes";

export const GET = listPromotionCodesRoute;
export const POST = createPromotionCodeRoute;

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
