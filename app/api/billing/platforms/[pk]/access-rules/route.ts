import { createAccessRuleRoute, listAccessRulesRoute } from "@/lib/access-rules/access-rule-routes";

export const GET = listAccessRulesRoute;
export const POST = createAccessRuleRoute;

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
