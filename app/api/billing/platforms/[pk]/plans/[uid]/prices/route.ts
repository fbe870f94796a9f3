import { createPlanPriceRoute, listPlanPricesRoute } from "@/lib/plans/plan-routes";

export const GET = listPlanPricesRoute;
export const POST = createPlanPriceRoute;

export { corsPreflight as OPTIONS } from "@/lib/api/cors";
