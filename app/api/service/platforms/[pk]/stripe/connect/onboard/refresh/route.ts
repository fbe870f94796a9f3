import { withApi } from "@/lib/api/with-api";
import { platformParams } from "@/lib/api/route-params";
import { connectOnboardingLinkSchema, onboardInput } from "@/lib/connect/connect-schema";
import { refreshOnboarding } from "@/lib/connect/onboarding";

export const POST = withApi(
  {
    auth: "platform-owner",
    params: platformParams,
    body: onboardInput,
    responses: { 200: connectOnboardingLinkSchema },
    errors: [502, 503],
    summary: "Continue an unfinished onboarding with a fresh link",
    description: "400 `not_connected` without an account, `onboarding_complete` when there is nothing left to do, `redirect_not_allowed` for a foreign URL.",
    tags: ["connect"],
  },
  async ({ platform, body }) => refreshOnboarding(platform, body),
);

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
