import { z } from "zod";
import { withApi } from "@/lib/api/with-api";
import { adminItemByComposite, adminItemByUid, canonicalParams, compositeParams } from "@/lib/paywalls/item-ref";
import { platformRevenue } from "./revenue";
import { listSubscribers, subscribersQuery } from "./subscribers";

const platformParams = z.object({ pk: z.string() });

export const revenueRoute = withApi({ auth: "platform-admin", params: platformParams }, async ({ platform }) => platformRevenue(platform));

export const platformSubscribersRoute = withApi({ auth: "platform-admin", params: platformParams, query: subscribersQuery }, async ({ platform, query }) =>
  listSubscribers(platform.id, query),
);

export const compositeSubscribersRoute = withApi({ auth: "user", params: compositeParams, query: subscribersQuery }, async ({ caller, params, query }) => {
  const ref = await adminItemByComposite(caller, params);
  return listSubscribers(ref.platform.id, query, { itemType: ref.itemType, itemId: ref.itemId });
});

export const canonicalSubscribersRoute = withApi({ auth: "user", params: canonicalParams, query: subscribersQuery }, async ({ caller, params, query }) => {
  const ref = await adminItemByUid(caller, params.uid);
  return listSubscribers(ref.platform.id, query, { itemType: ref.itemType, itemId: ref.itemId });
});
