import { withApi } from "@/lib/api/with-api";
import { platformParams } from "@/lib/api/route-params";
import { tipSettingsInput, tipSettingsSchema } from "@/lib/tips/tip-settings-schema";
import { tipSettings, updateTipSettings } from "@/lib/tips/tip-settings";

export const GET = withApi(
  { auth: "platform-admin", scope: "platform", params: platformParams, responses: { 200: tipSettingsSchema }, summary: "Whether the platform takes tips", tags: ["tips"] },
  async ({ platform }) => tipSettings(platform),
);

export const PATCH = withApi(
  {
    auth: "platform-admin",
    scope: "platform",
    params: platformParams,
    body: tipSettingsInput,
    responses: { 200: tipSettingsSchema },
    summary: "Turn tips on or off",
    description: "With tips on, item pages and /buy offer \"Tip the creator\" (a one-time amount with an optional message; no change of access).",
    tags: ["tips"],
  },
  async ({ platform, body, caller }) => updateTipSettings(platform, body, caller.user),
);

export { corsPreflight as OPTIONS } from "@/lib/api/cors";
