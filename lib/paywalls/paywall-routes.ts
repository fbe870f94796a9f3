import { z } from "zod";
import { NotFoundError } from "@/lib/api/errors";
import { json, withApi } from "@/lib/api/with-api";
import { canonicalParams, compositeParams, compositePriceParams, priceUidParams } from "@/lib/api/route-params";
import { createPrice, deletePrice, listPrices, updatePrice } from "@/lib/prices/prices";
import { createPriceInput, updatePriceInput } from "@/lib/prices/price-input";
import { priceView, priceViewSchema } from "@/lib/prices/price-view";
import { disablePaywall, getPaywall, upsertPaywall } from "./paywall-config";
import { paywallInput, paywallOrStubSchema, paywallViewSchema, publicPricingSchema } from "./paywall-schema";
import { publicPricing } from "./public-pricing";

// Route handlers for the item-keyed endpoints, built once for each way of naming the item:
// composite (/platforms/{pk}/items/{type}/{id}/…) and canonical (/items/{unique_id}/…). The
// wrapper's `scope` loads the item (and price) and checks the caller's role on its platform.

type ItemParams = typeof compositeParams | typeof canonicalParams;

// Stripe is called: an outage is a 503, a Stripe failure a 502; nothing is written either way
const STRIPE_ERRORS = [502, 503] as const;

function paywallHandlers(params: ItemParams) {
  const upsert = (summary: string) =>
    withApi(
      {
        auth: "platform-admin",
        scope: "item",
        params,
        body: paywallInput,
        responses: { 200: paywallViewSchema },
        errors: STRIPE_ERRORS,
        summary,
        description:
          "Creates the paywall on first save, updates it afterwards. Enabling it needs a Connect account that can take payments (`connect_not_ready`), creates the Stripe product and grandfathers earlier users when the strategy is `free_forever`.",
        tags: ["paywalls"],
      },
      ({ item, caller, body }) => upsertPaywall(item, body, caller.user),
    );
  return {
    GET: withApi(
      {
        auth: "platform-admin",
        scope: "item",
        params,
        responses: { 200: paywallOrStubSchema },
        summary: "Read the item's paywall",
        description: "An item without a paywall answers the stub (no `unique_id`).",
        tags: ["paywalls"],
      },
      ({ item }) => getPaywall(item),
    ),
    POST: upsert("Create the item's paywall"),
    PUT: upsert("Update the item's paywall"),
    DELETE: withApi(
      {
        auth: "platform-admin",
        scope: "item",
        params,
        responses: { 204: null },
        summary: "Disable the item's paywall",
        description: "Prices and subscriptions stay. Idempotent.",
        tags: ["paywalls"],
      },
      async ({ item, caller }) => {
        await disablePaywall(item, caller.user);
      },
    ),
  };
}

function priceListHandlers(params: ItemParams) {
  return {
    GET: withApi(
      {
        auth: "platform-admin",
        scope: "item",
        params,
        responses: { 200: z.array(priceViewSchema) },
        summary: "List the item's pricing tiers",
        description: "Every tier that is not deleted, inactive ones included, by sort order then amount.",
        tags: ["prices"],
      },
      ({ item }) => listPrices(item),
    ),
    POST: withApi(
      {
        auth: "platform-admin",
        scope: "item",
        params,
        body: createPriceInput,
        responses: { 201: priceViewSchema },
        errors: STRIPE_ERRORS,
        summary: "Add a pricing tier",
        description: "Creates the Stripe price first. Needs an enabled paywall (`paywall_not_enabled`) and a ready Connect account (`connect_not_ready`).",
        tags: ["prices"],
      },
      async ({ item, caller, body }) => json(await createPrice(item, body, caller.user), 201),
    ),
  };
}

export const compositePaywall = paywallHandlers(compositeParams);
export const canonicalPaywall = paywallHandlers(canonicalParams);
export const compositePrices = priceListHandlers(compositeParams);
export const canonicalPrices = priceListHandlers(canonicalParams);

type PriceParams = typeof compositePriceParams | typeof priceUidParams;

/**
 * One price tier. `available` narrows which tiers the path finds (404 otherwise): the composite
 * path finds any tier that is not deleted, the canonical one only active tiers of enabled paywalls.
 */
function priceDetailHandlers(params: PriceParams, available: (p: { isActive: boolean }, paywallEnabled: boolean) => boolean, note: string) {
  const find = <T extends { item: { paywall: { isEnabled: boolean } | null }; price: { isActive: boolean } }>(ctx: T): T => {
    if (!available(ctx.price, ctx.item.paywall?.isEnabled ?? false)) throw new NotFoundError("Price not found or not available.");
    return ctx;
  };
  const update = withApi(
    {
      auth: "platform-admin",
      scope: "price",
      params,
      body: updatePriceInput,
      responses: { 200: priceViewSchema },
      errors: STRIPE_ERRORS,
      summary: "Update a pricing tier",
      description: `Partial update. A new amount, currency or interval creates a new Stripe price and archives the old one; subscribers keep what they bought. ${note}`,
      tags: ["prices"],
    },
    (ctx) => {
      const { item, price } = find(ctx);
      return updatePrice(item, price, ctx.body, ctx.caller.user);
    },
  );
  return {
    GET: withApi(
      { auth: "platform-admin", scope: "price", params, responses: { 200: priceViewSchema }, summary: "Read a pricing tier", description: note, tags: ["prices"] },
      (ctx) => priceView(find(ctx).price),
    ),
    PUT: update,
    PATCH: update,
    DELETE: withApi(
      {
        auth: "platform-admin",
        scope: "price",
        params,
        responses: { 204: null },
        summary: "Delete a pricing tier",
        description: `Soft delete; the Stripe price is archived so existing subscriptions keep billing. ${note}`,
        tags: ["prices"],
      },
      async (ctx) => {
        const { item, price } = find(ctx);
        await deletePrice(item, price, ctx.caller.user);
      },
    ),
  };
}

export const compositePriceDetail = priceDetailHandlers(compositePriceParams, () => true, "Finds any tier of the item that is not deleted, inactive ones included.");
export const canonicalPriceDetail = priceDetailHandlers(
  priceUidParams,
  (price, paywallEnabled) => price.isActive && paywallEnabled,
  "Finds only active tiers of enabled paywalls.",
);

function pricingHandler(params: ItemParams) {
  return {
    GET: withApi(
      {
        auth: "public",
        scope: "item",
        params,
        responses: { 200: publicPricingSchema },
        summary: "Read an item's pricing",
        description: "Active tiers only, no subscription state. An item without a paywall answers `is_paywalled: false`.",
        tags: ["pricing"],
      },
      ({ item }) => publicPricing(item),
    ),
  };
}

export const compositePricing = pricingHandler(compositeParams);
export const canonicalPricing = pricingHandler(canonicalParams);
