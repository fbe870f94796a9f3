import { json, withApi } from "@/lib/api/with-api";
import { healthReport } from "@/lib/server/health";

export const GET = withApi({ auth: "public" }, async () => {
  const report = await healthReport();
  return json(report, report.status === "ok" ? 200 : 503, { "Cache-Control": "no-store" });
});
