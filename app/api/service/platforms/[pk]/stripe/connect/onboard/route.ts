import { withApi } from "@/lib/api/with-api";
import { platformParams } from "@/lib/api/route-params";
import { connectOnboardingLinkSchema, onboardInput } from "@/lib/connect/connect-schema";
import { startOnboarding } from "@/lib/connect/onboarding";

export const POST = withApi(
  {
    auth: "platform-owner",
    params: platformParams,
    body: onboardInput,
    responses: { 200: connectOnboardingLinkSchema },
    errors: [502, 503],
    summary: "Create the platform's Stripe account and start onboarding",
    description:
      "400 `already_connected` when the platform has an account, `redirect_not_allowed` for a return or refresh URL off this app and the platform's domains, `stripe_rejected` when Stripe refuses.",
    tags: ["connect"],
  },
  async ({ platform, caller, body }) => startOnboarding(platform, caller.user, body),
);

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
