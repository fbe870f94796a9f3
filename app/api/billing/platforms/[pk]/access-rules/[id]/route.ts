import { readAccessRuleRoute, revokeAccessRuleRoute } from "@/lib/access-rules/access-rule-routes";

export const GET = readAccessRuleRoute;
export const DELETE = revokeAccessRuleRoute;

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
