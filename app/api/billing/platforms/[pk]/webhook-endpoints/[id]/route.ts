import { deleteEndpointRoute, readEndpointRoute, updateEndpointRoute } from "@/lib/outbound-webhooks/endpoint-routes";

export const GET = readEndpointRoute;
export const PATCH = updateEndpointRoute;
export const DELETE = deleteEndpointRoute;

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
