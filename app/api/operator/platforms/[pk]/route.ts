import { withApi } from "@/lib/api/with-api";
import { platformParams } from "@/lib/api/route-params";
import { updatePlatform } from "@/lib/platforms/platform-admin";
import { operatorPlatformSchema, updatePlatformInput } from "@/lib/platforms/platform-schema";

export const PATCH = withApi(
  {
    auth: "operator",
    scope: "platform",
    params: platformParams,
    body: updatePlatformInput,
    responses: { 200: operatorPlatformSchema },
    summary: "Change a platform's flags, commission or domains",
    tags: ["operator"],
  },
  async ({ caller, platform, body }) => updatePlatform(caller.user.id, platform, body),
);

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
