import { withApi } from "@/lib/api/with-api";
import { onboardInput, startOnboarding } from "@/lib/connect/onboarding";
import { platformParams } from "@/lib/connect/route-params";

export const POST = withApi({ auth: "platform-owner", params: platformParams, body: onboardInput }, async ({ platform, caller, body }) =>
  startOnboarding(platform, caller.user, body),
);
