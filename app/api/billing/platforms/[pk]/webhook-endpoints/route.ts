import { createEndpointRoute, listEndpointsRoute } from "@/lib/outbound-webhooks/endpoint-routes";

export const GET = listEndpointsRoute;
export const POST = createEndpointRoute;

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
