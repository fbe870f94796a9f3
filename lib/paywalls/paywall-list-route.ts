import { withApi } from "@/lib/api/with-api";
import { platformParams } from "@/lib/api/route-params";
import { listPaywalls, paywallListQuery } from "./paywall-list";
import { paywallListPageSchema } from "./paywall-schema";

export const paywallListRoute = withApi(
  {
    auth: "platform-admin",
    params: platformParams,
    query: paywallListQuery,
    responses: { 200: paywallListPageSchema },
    summary: "List the platform's configured items",
    description: "Newest first, each with its active tiers; `search` matches the item name or id in any case.",
    tags: ["paywalls"],
  },
  ({ platform, query }) => listPaywalls(platform, query),
);
