import type { z } from "zod";
import { json, withApi } from "@/lib/api/with-api";
import type { Caller } from "@/lib/auth/caller";
import { createPrice, deletePrice, findPrice, listPrices, updatePrice } from "@/lib/prices/prices";
import { createPriceInput, updatePriceInput } from "@/lib/prices/price-input";
import { priceView } from "@/lib/prices/price-view";
import { adminItemByComposite, adminItemByUid, canonicalParams, compositeParams, publicItemByComposite, publicItemByUid, type ItemRef } from "./item-ref";
import { disablePaywall, getPaywall, paywallInput, upsertPaywall } from "./paywall-config";
import { publicPricing } from "./public-pricing";

// Route handlers for the item-keyed endpoints, built once for each way of naming the item:
// composite (/platforms/{pk}/items/{type}/{id}/…) and canonical (/items/{unique_id}/…).

type Resolver<P extends z.ZodType> = { params: P; admin: (caller: Caller, p: z.output<P>) => Promise<ItemRef> };

const composite: Resolver<typeof compositeParams> = { params: compositeParams, admin: (caller, p) => adminItemByComposite(caller, p) };
const canonical: Resolver<typeof canonicalParams> = { params: canonicalParams, admin: (caller, p) => adminItemByUid(caller, p.uid) };

function paywallHandlers<P extends z.ZodType>(r: Resolver<P>) {
  const upsert = withApi({ auth: "user", params: r.params, body: paywallInput }, async ({ caller, params, body }) =>
    upsertPaywall(await r.admin(caller, params as z.output<P>), body, caller.user),
  );
  return {
    GET: withApi({ auth: "user", params: r.params }, async ({ caller, params }) => getPaywall(await r.admin(caller, params as z.output<P>))),
    POST: upsert,
    PUT: upsert,
    DELETE: withApi({ auth: "user", params: r.params }, async ({ caller, params }) => {
      await disablePaywall(await r.admin(caller, params as z.output<P>), caller.user);
    }),
  };
}

function priceListHandlers<P extends z.ZodType>(r: Resolver<P>) {
  return {
    GET: withApi({ auth: "user", params: r.params }, async ({ caller, params }) => listPrices(await r.admin(caller, params as z.output<P>))),
    POST: withApi({ auth: "user", params: r.params, body: createPriceInput }, async ({ caller, params, body }) =>
      json(await createPrice(await r.admin(caller, params as z.output<P>), body, caller.user), 201),
    ),
  };
}

export const compositePaywall = paywallHandlers(composite);
export const canonicalPaywall = paywallHandlers(canonical);
export const compositePrices = priceListHandlers(composite);
export const canonicalPrices = priceListHandlers(canonical);

const compositePriceParams = compositeParams.extend({ price_id: compositeParams.shape.id });

/** Composite price detail: any tier of the item that is not deleted, inactive ones included. */
export const compositePriceDetail = (() => {
  const load = async (caller: Caller, p: z.output<typeof compositePriceParams>) => {
    const ref = await adminItemByComposite(caller, p);
    return { ref, price: await findPrice(ref, p.price_id) };
  };
  const update = withApi({ auth: "user", params: compositePriceParams, body: updatePriceInput }, async ({ caller, params, body }) => {
    const { ref, price } = await load(caller, params);
    return updatePrice(ref, price, body, caller.user);
  });
  return {
    GET: withApi({ auth: "user", params: compositePriceParams }, async ({ caller, params }) => priceView((await load(caller, params)).price)),
    PUT: update,
    PATCH: update,
    DELETE: withApi({ auth: "user", params: compositePriceParams }, async ({ caller, params }) => {
      const { ref, price } = await load(caller, params);
      await deletePrice(ref, price, caller.user);
    }),
  };
})();

export const compositePricing = {
  GET: withApi({ auth: "public", params: compositeParams }, async ({ params }) => publicPricing(await publicItemByComposite(params))),
};
export const canonicalPricing = {
  GET: withApi({ auth: "public", params: canonicalParams }, async ({ params }) => publicPricing(await publicItemByUid(params.uid))),
};
