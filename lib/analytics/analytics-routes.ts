import { withApi } from "@/lib/api/with-api";
import { canonicalParams, compositeParams, platformParams } from "@/lib/api/route-params";
import { revenueSchema, subscriberPageSchema } from "./analytics-schema";
import { platformRevenue } from "./revenue";
import { listSubscribers, subscribersQuery } from "./subscribers";

export const revenueRoute = withApi(
  {
    auth: "platform-admin",
    params: platformParams,
    responses: { 200: revenueSchema },
    summary: "Read the platform's revenue",
    description: "Summed from the ledger, per currency; the top-level figures are in the currency of most sales.",
    tags: ["analytics"],
  },
  ({ platform }) => platformRevenue(platform),
);

export const platformSubscribersRoute = withApi(
  {
    auth: "platform-admin",
    params: platformParams,
    query: subscribersQuery,
    responses: { 200: subscriberPageSchema },
    summary: "List the platform's subscribers",
    description: "Newest first; filter by status or item type, search by e-mail, name or item id.",
    tags: ["analytics"],
  },
  ({ platform, query }) => listSubscribers(platform.id, query),
);

function itemSubscribers(params: typeof compositeParams | typeof canonicalParams) {
  return withApi(
    {
      auth: "platform-admin",
      scope: "item",
      params,
      query: subscribersQuery,
      responses: { 200: subscriberPageSchema },
      summary: "List an item's subscribers",
      description: "Newest first; `item_type` is ignored (the path names the item).",
      tags: ["analytics"],
    },
    ({ item, query }) => listSubscribers(item.platform.id, query, { itemType: item.itemType, itemId: item.itemId }),
  );
}

export const compositeSubscribersRoute = itemSubscribers(compositeParams);
export const canonicalSubscribersRoute = itemSubscribers(canonicalParams);
