import { z } from "zod";
import { db } from "@/lib/db";
import { withApi } from "@/lib/api/with-api";
import { NotFoundError } from "@/lib/api/errors";
import type { Caller } from "@/lib/auth/caller";
import { assertItemType, canonicalParams, compositeParams, isUuid } from "@/lib/paywalls/item-ref";
import { cancelInput, cancelSubscription } from "./cancel-subscription";
import { findMySubscription, mySubscriptions, mySubscriptionsQuery } from "./my-subscriptions";
import { subscriptionView } from "./subscription-view";

/** The platform as the caller may see it: any signed-in user, but a token only its own platform. */
async function visiblePlatform(caller: Caller, key: string) {
  const platform = await db.platform.findUnique({ where: { key } });
  if (!platform || (caller.tokenPlatformId && caller.tokenPlatformId !== platform.id)) throw new NotFoundError();
  return platform;
}

async function itemFor(caller: Caller, p: { pk?: string; type?: string; id?: string; uid?: string }) {
  if (p.uid !== undefined) {
    const paywall = isUuid(p.uid) ? await db.paywall.findUnique({ where: { uniqueId: p.uid }, include: { platform: true } }) : null;
    if (!paywall) throw new NotFoundError();
    const platform = await visiblePlatform(caller, paywall.platform.key);
    return { platform, itemType: paywall.itemType, itemId: paywall.itemId };
  }
  assertItemType(p.type!);
  return { platform: await visiblePlatform(caller, p.pk!), itemType: p.type!, itemId: p.id! };
}

export const mySubscriptionsRoute = withApi(
  { auth: "user", params: z.object({ pk: z.string() }), query: mySubscriptionsQuery },
  async ({ caller, params, query }) => mySubscriptions(caller.user, (await visiblePlatform(caller, params.pk)).id, query),
);

function handlers<P extends typeof compositeParams | typeof canonicalParams>(params: P) {
  return {
    read: withApi({ auth: "user", params }, async ({ caller, params }) => {
      const item = await itemFor(caller, params);
      return subscriptionView(await findMySubscription(caller.user, item.platform.id, item.itemType, item.itemId));
    }),
    cancel: withApi({ auth: "user", params, body: cancelInput }, async ({ caller, params, body, req }) => {
      const item = await itemFor(caller, params);
      const sub = await findMySubscription(caller.user, item.platform.id, item.itemType, item.itemId);
      return cancelSubscription(item.platform, sub, caller.user, body, req.headers.get("referer"));
    }),
  };
}

export const compositeSubscription = handlers(compositeParams);
export const canonicalSubscription = handlers(canonicalParams);
