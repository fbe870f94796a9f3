import { json, withApi } from "@/lib/api/with-api";
import { healthReport, healthReportSchema } from "@/lib/server/health";

export const GET = withApi(
  {
    auth: "public",
    responses: { 200: healthReportSchema, 503: healthReportSchema },
    summary: "Check the server and its dependencies",
    description: "200 when the database and Stripe answer, 503 with the same body when either does not.",
    tags: ["health"],
  },
  async () => {
    const report = await healthReport();
    return json(report, report.status === "ok" ? 200 : 503, { "Cache-Control": "no-store" });
  },
);

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
