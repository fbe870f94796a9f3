import "server-only";
import { z } from "zod";
import { json, withApi } from "@/lib/api/with-api";
import type { ErrorStatus } from "@/lib/api/contract";
import { pageQuery } from "@/lib/api/pagination";
import { platformParams } from "@/lib/api/route-params";
import { createPriceInput, updatePriceInput } from "@/lib/prices/price-input";
import { createPrice, deletePrice, listPrices, updatePrice } from "@/lib/prices/prices";
import { priceView, priceViewSchema } from "@/lib/prices/price-view";
import { createPlanInput, planPageSchema, planViewSchema, updatePlanInput } from "./plan-schema";
import { createPlan, listPlans, planOf, readPlan, stopSellingPlan, updatePlan } from "./plans";

// The plans API of a platform, for its owners and admins. A plan's tiers use the item tier code.

const STRIPE_ERRORS: ErrorStatus[] = [502, 503];
const planParams = platformParams.extend({ uid: z.string().min(1).max(255).meta({ description: "The plan's unique id." }) });
const planPriceParams = planParams.extend({ price_id: z.string().min(1).max(255).meta({ description: "The tier's unique id." }) });

const UNKNOWN = "400 `unknown_item` when an item is neither in the catalog nor paywalled on this platform.";

export const listPlansRoute = withApi(
  { auth: "platform-admin", scope: "platform", params: platformParams, query: pageQuery, responses: { 200: planPageSchema }, summary: "List the platform's plans", description: "Newest first, with their items, tiers and current buyers.", tags: ["plans"] },
  ({ platform, query }) => listPlans(platform, query),
);

export const createPlanRoute = withApi(
  {
    auth: "platform-admin",
    scope: "platform",
    params: platformParams,
    body: createPlanInput,
    responses: { 201: planViewSchema },
    errors: STRIPE_ERRORS,
    summary: "Create a plan",
    description: `A named set of items (or every item, present and future) with its own tiers and share link \`/buy/{id}\`. On sale at once when the Connect account can take payments. ${UNKNOWN}`,
    tags: ["plans"],
  },
  async ({ platform, body, caller }) => json(await createPlan(platform, body, caller.user), 201),
);

export const readPlanRoute = withApi(
  { auth: "platform-admin", scope: "item", params: planParams, responses: { 200: planViewSchema }, summary: "Read a plan", tags: ["plans"] },
  ({ item, params }) => readPlan(planOf(item, params.pk)),
);

export const updatePlanRoute = withApi(
  {
    auth: "platform-admin",
    scope: "item",
    params: planParams,
    body: updatePlanInput,
    responses: { 200: planViewSchema },
    errors: STRIPE_ERRORS,
    summary: "Change a plan",
    description: `Any of name, description, items (replaces the list), covers_all_items, is_enabled. Putting it on sale needs a ready Connect account (\`connect_not_ready\`). ${UNKNOWN}`,
    tags: ["plans"],
  },
  ({ item, params, body, caller }) => updatePlan(item.platform, planOf(item, params.pk), body, caller.user),
);

export const deletePlanRoute = withApi(
  {
    auth: "platform-admin",
    scope: "item",
    params: planParams,
    responses: { 204: null },
    summary: "Stop selling a plan",
    description: "Takes the plan off sale; tiers, buyers and history stay, and current buyers keep its items until their subscription ends. Idempotent.",
    tags: ["plans"],
  },
  async ({ item, params, caller }) => {
    await stopSellingPlan(item.platform, planOf(item, params.pk), caller.user);
  },
);

export const listPlanPricesRoute = withApi(
  { auth: "platform-admin", scope: "item", params: planParams, responses: { 200: z.array(priceViewSchema) }, summary: "List the plan's tiers", description: "Every tier that is not deleted, inactive ones included.", tags: ["plans"] },
  ({ item, params }) => {
    planOf(item, params.pk);
    return listPrices(item);
  },
);

export const createPlanPriceRoute = withApi(
  {
    auth: "platform-admin",
    scope: "item",
    params: planParams,
    body: createPriceInput,
    responses: { 201: priceViewSchema },
    errors: STRIPE_ERRORS,
    summary: "Add a tier to a plan",
    description: "The same body as an item's tiers. Needs a plan on sale (`paywall_not_enabled`) and a ready Connect account (`connect_not_ready`).",
    tags: ["plans"],
  },
  async ({ item, params, body, caller }) => {
    planOf(item, params.pk);
    return json(await createPrice(item, body, caller.user), 201);
  },
);

function planPrice<T extends { item: Parameters<typeof planOf>[0]; params: { pk: string }; price: { isActive: boolean } }>(ctx: T) {
  planOf(ctx.item, ctx.params.pk);
  return ctx;
}

export const readPlanPriceRoute = withApi(
  { auth: "platform-admin", scope: "price", params: planPriceParams, responses: { 200: priceViewSchema }, summary: "Read a plan's tier", tags: ["plans"] },
  (ctx) => priceView(planPrice(ctx).price),
);

export const updatePlanPriceRoute = withApi(
  {
    auth: "platform-admin",
    scope: "price",
    params: planPriceParams,
    body: updatePriceInput,
    responses: { 200: priceViewSchema },
    errors: STRIPE_ERRORS,
    summary: "Update a plan's tier",
    description: "Partial update; a new amount, currency or interval creates a new Stripe price, buyers keep what they bought.",
    tags: ["plans"],
  },
  (ctx) => {
    const { item, price } = planPrice(ctx);
    return updatePrice(item, price, ctx.body, ctx.caller.user);
  },
);

export const deletePlanPriceRoute = withApi(
  { auth: "platform-admin", scope: "price", params: planPriceParams, responses: { 204: null }, summary: "Delete a plan's tier", description: "Soft delete; existing subscriptions keep billing.", tags: ["plans"] },
  async (ctx) => {
    const { item, price } = planPrice(ctx);
    await deletePrice(item, price, ctx.caller.user);
  },
);
