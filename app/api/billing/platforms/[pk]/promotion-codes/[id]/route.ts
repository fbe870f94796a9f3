import { deactivatePromotionCodeRoute, readPromotionCodeRoute, updatePromotionCodeRoute } from "@/lib/promotions/promotion-routes";

export const GET = readPromotionCodeRoute;
export const PATCH = updatePromotionCodeRoute;
export const DELETE = deactivatePromotionCodeRoute;

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
