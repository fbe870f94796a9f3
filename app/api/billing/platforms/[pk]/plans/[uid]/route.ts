import { deletePlanRoute, readPlanRoute, updatePlanRoute } from "@/lib/plans/plan-routes";

export const GET = readPlanRoute;
export const PATCH = updatePlanRoute;
export const DELETE = deletePlanRoute;

export { corsPreflight as OPTIONS } from "@/lib/api/cors";
