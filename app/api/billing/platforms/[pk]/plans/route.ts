import { createPlanRoute, listPlansRoute } from "@/lib/plans/plan-routes";

export const GET = listPlansRoute;
export const POST = createPlanRoute;

export { corsPreflight as OPTIONS } from "@/lib/api/cors";
