import { withApi } from "@/lib/api/with-api";
import { platformParams } from "@/lib/api/route-params";
import { connectDisconnectedSchema } from "@/lib/connect/connect-schema";
import { disconnect } from "@/lib/connect/onboarding";

export const DELETE = withApi(
  {
    auth: "platform-owner",
    params: platformParams,
    responses: { 200: connectDisconnectedSchema },
    summary: "Disconnect the platform's Stripe account",
    description: "Paywalls, prices and subscribers stay; checkouts are refused until the owner connects again. 404 when there is no account.",
    tags: ["connect"],
  },
  async ({ platform, caller }) => disconnect(platform, caller.user),
);

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
