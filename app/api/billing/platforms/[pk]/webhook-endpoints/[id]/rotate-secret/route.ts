import { rotateSecretRoute } from "@/lib/outbound-webhooks/endpoint-routes";

export const POST = rotateSecretRoute;

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
