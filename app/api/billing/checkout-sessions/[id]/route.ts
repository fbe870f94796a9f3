import { checkoutSessionStatusRoute } from "@/lib/checkout/session-status";

export const GET = checkoutSessionStatusRoute;

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
