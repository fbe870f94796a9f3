import { createRefundRoute } from "@/lib/refunds/refund-routes";

export const POST = createRefundRoute;

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
