import { canonicalAccessCheck } from "@/lib/access/access-routes";

export const GET = canonicalAccessCheck;

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
