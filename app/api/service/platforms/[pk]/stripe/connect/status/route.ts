import { z } from "zod";
import { withApi } from "@/lib/api/with-api";
import { platformParams } from "@/lib/api/route-params";
import { connectStatus } from "@/lib/connect/connect-status";
import { connectStatusSchema } from "@/lib/connect/connect-schema";

const query = z.object({
  refresh: z.enum(["1", "true", "0", "false"]).optional().meta({ description: "Re-read the account from Stripe first (after returning from onboarding)." }),
});

export const GET = withApi(
  {
    auth: "platform-admin",
    params: platformParams,
    query,
    responses: { 200: connectStatusSchema },
    summary: "Read the platform's Stripe Connect status",
    description: "Served from the cached account; a failed refresh from Stripe serves the cached status rather than an error.",
    tags: ["connect"],
  },
  async ({ platform, role, query }) => connectStatus(platform, role, { refresh: query.refresh === "1" || query.refresh === "true" }),
);

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
