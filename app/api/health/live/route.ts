import { z } from "zod";
import { withApi } from "@/lib/api/with-api";

// Liveness: the process serves requests. It reads nothing, so an orchestrator's probe never
// restarts the app for a slow database (that is what /api/health reports).
const liveSchema = z.object({ status: z.literal("ok") }).meta({ id: "Liveness" });

export const GET = withApi(
  {
    auth: "public",
    responses: { 200: liveSchema },
    summary: "Check that the server process answers",
    description: "Always 200 `{status: \"ok\"}` while the process serves requests; reads no database and calls no Stripe (see `/api/health/` for those).",
    tags: ["health"],
  },
  async () => ({ status: "ok" as const }),
);

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
