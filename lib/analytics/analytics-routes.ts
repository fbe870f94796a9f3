import { withApi } from "@/lib/api/with-api";
import { canonicalParams, compositeParams, platformParams } from "@/lib/api/route-params";
import {
  MAX_TIMESERIES_POINTS,
  metricsQuery,
  metricsSchema,
  operatorRevenueQuery,
  operatorRevenueSchema,
  revenueQuery,
  revenueSchema,
  revenueTimeseriesQuery,
  revenueTimeseriesSchema,
  subscriberPageSchema,
} from "./analytics-schema";
import { platformMetrics } from "./metrics";
import { operatorRevenue } from "./operator-revenue";
import { platformRevenue } from "./revenue";
import { revenueTimeseries } from "./revenue-timeseries";
import { listSubscribers, subscribersQuery } from "./subscribers";

const RANGE_TEXT =
  "`from` is inclusive, `to` exclusive; a date means midnight UTC (so `to=2026-02-01` stops before February). 400 `validation_error` when a bound does not parse or `from` is after `to`.";

export const revenueRoute = withApi(
  {
    auth: "platform-admin",
    params: platformParams,
    query: revenueQuery,
    responses: { 200: revenueSchema },
    summary: "Read the platform's revenue",
    description: `Summed from the ledger (charges, refunds, disputes; payouts are not revenue), per currency; the top-level figures are in \`currency\` when given, else in the currency of most sales. Without bounds: all time. ${RANGE_TEXT}`,
    tags: ["analytics"],
  },
  ({ platform, query }) => platformRevenue(platform, query),
);

export const revenueTimeseriesRoute = withApi(
  {
    auth: "platform-admin",
    params: platformParams,
    query: revenueTimeseriesQuery,
    responses: { 200: revenueTimeseriesSchema },
    summary: "Read the platform's revenue per period",
    description: `Every UTC period (day, week from Monday, month) overlapping the range, zeros included, in one currency (\`currency\`, else the currency of most sales). Without \`to\` the range ends now; without \`from\` it holds the last 30 days, 12 weeks or 12 months. ${RANGE_TEXT} 400 \`too_many_points\` beyond ${MAX_TIMESERIES_POINTS} periods.`,
    tags: ["analytics"],
  },
  ({ platform, query }) => revenueTimeseries(platform, query),
);

export const metricsRoute = withApi(
  {
    auth: "platform-admin",
    params: platformParams,
    query: metricsQuery,
    responses: { 200: metricsSchema },
    summary: "Read the platform's subscription metrics",
    description: `MRR and subscribers now; new, churned, churn rate and revenue in the range (default: the 30 days up to now), in one currency (\`currency\`, else the currency of most sales). ${RANGE_TEXT}`,
    tags: ["analytics"],
  },
  ({ platform, query }) => platformMetrics(platform, query),
);

export const operatorRevenueRoute = withApi(
  {
    auth: "operator",
    query: operatorRevenueQuery,
    responses: { 200: operatorRevenueSchema },
    summary: "Read every platform's revenue and commission",
    description: `Per platform and currency, with totals per currency, from the ledger. Without bounds: all time. ${RANGE_TEXT}`,
    tags: ["operator"],
  },
  ({ query }) => operatorRevenue(query),
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
