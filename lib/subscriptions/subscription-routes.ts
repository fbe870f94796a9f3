import { withApi } from "@/lib/api/with-api";
import { canonicalParams, compositeParams, platformParams } from "@/lib/api/route-params";
import { cancelInput, cancelSubscription } from "./cancel-subscription";
import { findMySubscription, myPurchases, myPurchasesQuery, mySubscriptions, mySubscriptionsQuery } from "./my-subscriptions";
import { resumeSubscription } from "./resume-subscription";
import { cancelResultSchema, myPurchasePageSchema, subscriptionPageSchema, subscriptionViewSchema } from "./subscription-schema";
import { subscriptionView } from "./subscription-view";

// The buyer's own subscriptions. Any signed-in caller may ask; each answer holds only the
// caller's rows (and guest purchases made with their verified e-mail). A token sees only its platform.

export const mySubscriptionsRoute = withApi(
  {
    auth: "own-record",
    scope: "platform",
    params: platformParams,
    query: mySubscriptionsQuery,
    responses: { 200: subscriptionPageSchema },
    summary: "List the caller's purchases on the platform",
    tags: ["subscriptions"],
  },
  async ({ caller, platform, query }) => mySubscriptions(caller.user, platform.id, query),
);

export const myPurchasesRoute = withApi(
  {
    auth: "user",
    query: myPurchasesQuery,
    responses: { 200: myPurchasePageSchema },
    summary: "List the caller's purchases on every platform",
    description:
      "Everything the caller bought, membership or not: their own rows and guest purchases made with their verified e-mail. Each row names its platform. A token sees only its platform's rows.",
    tags: ["subscriptions"],
  },
  async ({ caller, query }) => myPurchases(caller.user, caller.tokenPlatformId, query),
);

function handlers<P extends typeof compositeParams | typeof canonicalParams>(params: P) {
  return {
    read: withApi(
      {
        auth: "own-record",
        scope: "item",
        params,
        responses: { 200: subscriptionViewSchema },
        summary: "Read the caller's subscription to the item",
        description: "The subscription still holding the item if there is one, else the newest; 404 when the caller never bought it.",
        tags: ["subscriptions"],
      },
      async ({ caller, item }) => subscriptionView(await findMySubscription(caller.user, item.platform.id, item.itemType, item.itemId)),
    ),
    cancel: withApi(
      {
        auth: "own-record",
        scope: "item",
        params,
        body: cancelInput,
        responses: { 200: cancelResultSchema },
        errors: [502, 503],
        summary: "Cancel the caller's subscription to the item",
        description:
          "Recurring plans answer `{portal_url}` (Stripe's billing portal; the change comes back by webhook). One-time, free and grandfathered access ends now and the updated subscription is returned.",
        tags: ["subscriptions"],
      },
      async ({ caller, item, body, req }) => {
        const sub = await findMySubscription(caller.user, item.platform.id, item.itemType, item.itemId);
        return cancelSubscription(item.platform, sub, caller.user, body, req.headers.get("referer"));
      },
    ),
    resume: withApi(
      {
        auth: "own-record",
        scope: "item",
        params,
        responses: { 200: subscriptionViewSchema },
        errors: [409, 502, 503],
        summary: "Resume the caller's subscription to the item",
        description:
          "Undoes cancel-at-period-end before the period ends; the subscription renews again. 409 `nothing_to_resume` (with `reason`: `not_canceling`, `ended` or `one_time`) when there is nothing to undo.",
        tags: ["subscriptions"],
      },
      async ({ caller, item }) => {
        const sub = await findMySubscription(caller.user, item.platform.id, item.itemType, item.itemId);
        return resumeSubscription(item.platform, sub, caller.user);
      },
    ),
  };
}

export const compositeSubscription = handlers(compositeParams);
export const canonicalSubscription = handlers(canonicalParams);
