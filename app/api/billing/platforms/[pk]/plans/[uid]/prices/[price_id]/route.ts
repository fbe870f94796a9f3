import { deletePlanPriceRoute, readPlanPriceRoute, updatePlanPriceRoute } from "@/lib/plans/plan-routes";

export const GET = readPlanPriceRoute;
export const PATCH = updatePlanPriceRoute;
export const DELETE = deletePlanPriceRoute;

export { corsPreflight as OPTIONS } from "@/lib/api/cors";
