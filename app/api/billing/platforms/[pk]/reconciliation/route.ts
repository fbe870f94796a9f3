import { reconciliationRoute } from "@/lib/reconciliation/reconciliation-routes";

export const GET = reconciliationRoute;

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
