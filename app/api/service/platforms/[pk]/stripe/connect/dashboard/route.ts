import { withApi } from "@/lib/api/with-api";
import { platformParams } from "@/lib/api/route-params";
import { connectDashboardLinkSchema } from "@/lib/connect/connect-schema";
import { dashboardLink } from "@/lib/connect/onboarding";

export const GET = withApi(
  {
    auth: "platform-owner",
    params: platformParams,
    responses: { 200: connectDashboardLinkSchema },
    errors: [502, 503],
    summary: "Open the Stripe Express dashboard",
    description: "404 when the platform has no Stripe account.",
    tags: ["connect"],
  },
  async ({ platform }) => dashboardLink(platform),
);

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
