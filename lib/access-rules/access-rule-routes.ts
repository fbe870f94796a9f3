import "server-only";
import { z } from "zod";
import { withApi, json } from "@/lib/api/with-api";
import { platformParams } from "@/lib/api/route-params";
import { accessRulePageSchema, accessRuleQuery, accessRuleSchema, createAccessRuleInput } from "./access-rule-schema";
import { createAccessRule, listAccessRules, readAccessRule, revokeAccessRule } from "./access-rules";

// The access-rule API of a platform, for its owners and admins.

const ruleParams = platformParams.extend({ id: z.string().min(1).max(255).meta({ description: "The rule's id." }) });

const MATCHING =
  "Domain and e-mail rules match only users whose e-mail address is verified; role rules match members with that role on this platform. The access check answers `reason: \"rule\"` when a rule grants.";

export const listAccessRulesRoute = withApi(
  {
    auth: "platform-admin", scope: "platform", tags: ["access-rules"],
    params: platformParams,
    query: accessRuleQuery,
    responses: { 200: accessRulePageSchema },
    summary: "List the platform's access rules",
    description: "Newest first; filter by `status` and by target (`item_type` + `item_id`, or `plan_id`).",
  },
  ({ platform, query }) => listAccessRules(platform.id, query),
);

export const createAccessRuleRoute = withApi(
  {
    auth: "platform-admin", scope: "platform", tags: ["access-rules"],
    params: platformParams,
    body: createAccessRuleInput,
    responses: { 201: accessRuleSchema },
    summary: "Create an access rule",
    description: `Grants an item or plan without a purchase, until \`ends_at\` or until revoked. ${MATCHING} 400 \`unknown_target\` when the platform has no such item (paywall or catalog entry) or plan. Audited as \`access_rule.created\`.`,
  },
  async ({ platform, caller, body }) => json(await createAccessRule(platform.id, caller.user.id, body), 201),
);

export const readAccessRuleRoute = withApi(
  { auth: "platform-admin", scope: "platform", tags: ["access-rules"], params: ruleParams, responses: { 200: accessRuleSchema }, summary: "Read an access rule" },
  ({ platform, params }) => readAccessRule(platform.id, params.id),
);

export const revokeAccessRuleRoute = withApi(
  {
    auth: "platform-admin", scope: "platform", tags: ["access-rules"],
    params: ruleParams,
    responses: { 200: accessRuleSchema },
    errors: [409],
    summary: "Revoke an access rule",
    description: "The rule stops granting on the very next check and stays listed as `revoked`. 409 `rule_already_revoked` the second time. Audited as `access_rule.revoked`.",
  },
  ({ platform, caller, params }) => revokeAccessRule(platform.id, caller.user.id, params.id),
);
