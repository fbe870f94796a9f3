import "server-only";
import { withApi } from "@/lib/api/with-api";
import { platformParams } from "@/lib/api/route-params";
import { MAX_INSIGHTS_DAYS, insightsQuery, insightsSchema } from "./insights-schema";
import { platformInsights } from "./insights";

export const insightsRoute = withApi(
  {
    auth: "platform-admin", scope: "platform", tags: ["insights"],
    params: platformParams,
    query: insightsQuery,
    responses: { 200: insightsSchema },
    summary: "The platform's access insights",
    description: `Access checks by reason and per day, and per item: paywall shown (checks denied with a paywall) → checkout started → paid, with the most-blocked items. Whole UTC days, \`from\` inclusive, \`to\` exclusive; by default the last 30 days including today; at most ${MAX_INSIGHTS_DAYS} days (400 \`validation_error\`). Checks are counted in batches a few seconds behind.`,
  },
  ({ platform, query }) => platformInsights(platform, query),
);
