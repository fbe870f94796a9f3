import "server-only";
import { json, withApi } from "@/lib/api/with-api";
import { platformParams } from "@/lib/api/route-params";
import {
  createModelPriceInput,
  createModelProviderInput,
  idParams,
  modelPriceListSchema,
  modelPriceSchema,
  modelProviderListSchema,
  modelProviderSchema,
  updateModelPriceInput,
  updateModelProviderInput,
} from "./model-provider-schema";
import {
  createPrice,
  createProvider,
  deletePrice,
  deleteProvider,
  findPrice,
  findProvider,
  listPrices,
  listProviders,
  priceView,
  providerView,
  updatePrice,
  updateProvider,
} from "./model-providers";

const TAGS = ["model-providers"] as const;

export const listProvidersRoute = withApi(
  { auth: "platform-admin", scope: "platform", params: platformParams, responses: { 200: modelProviderListSchema }, summary: "List model providers", tags: TAGS },
  async ({ platform }) => ({ results: await listProviders(platform) }),
);

export const createProviderRoute = withApi(
  {
    auth: "platform-admin", scope: "platform",
    params: platformParams,
    body: createModelProviderInput,
    responses: { 201: modelProviderSchema },
    summary: "Add a model provider",
    description:
      "An OpenAI-compatible upstream for the metering proxy: `base_url` (http(s), e.g. https://api.openai.com/v1; `null` = the built-in Local model) and an optional `api_key` " +
      "stored AES-256-GCM encrypted and never returned (answers show `has_api_key` and `api_key_last4`).",
    tags: TAGS,
  },
  async ({ platform, body }) => json(await createProvider(platform, body), 201),
);

export const readProviderRoute = withApi(
  { auth: "platform-admin", scope: "platform", params: idParams, responses: { 200: modelProviderSchema }, summary: "Read a model provider", tags: TAGS },
  async ({ platform, params }) => providerView(await findProvider(platform, params.id)),
);

export const updateProviderRoute = withApi(
  { auth: "platform-admin", scope: "platform", params: idParams, body: updateModelProviderInput, responses: { 200: modelProviderSchema }, summary: "Update a model provider", description: "`api_key: null` removes the key.", tags: TAGS },
  async ({ platform, params, body }) => updateProvider(await findProvider(platform, params.id), body),
);

export const deleteProviderRoute = withApi(
  { auth: "platform-admin", scope: "platform", params: idParams, responses: { 204: null }, errors: [409], summary: "Delete a model provider", description: "409 `provider_in_use` while model prices use it.", tags: TAGS },
  async ({ platform, params }) => {
    await deleteProvider(await findProvider(platform, params.id));
  },
);

export const listPricesRoute = withApi(
  { auth: "platform-admin", scope: "platform", params: platformParams, responses: { 200: modelPriceListSchema }, summary: "List model prices", tags: TAGS },
  async ({ platform }) => ({ results: await listPrices(platform) }),
);

export const createPriceRoute = withApi(
  {
    auth: "platform-admin", scope: "platform",
    params: platformParams,
    body: createModelPriceInput,
    responses: { 201: modelPriceSchema },
    errors: [409],
    summary: "Price a model",
    description:
      "What the metering proxy charges for `model`: credits per 1,000 prompt and completion tokens (up to 6 decimals), `markup_bps` and `min_credits` per request. " +
      "`item_type`/`item_id` bind the price to an item (its chat uses it, and usage is recorded against it). 409 `model_price_exists` when the model already has a price.",
    tags: TAGS,
  },
  async ({ platform, body }) => json(await createPrice(platform, body), 201),
);

export const readPriceRoute = withApi(
  { auth: "platform-admin", scope: "platform", params: idParams, responses: { 200: modelPriceSchema }, summary: "Read a model price", tags: TAGS },
  async ({ platform, params }) => priceView(await findPrice(platform, params.id)),
);

export const updatePriceRoute = withApi(
  { auth: "platform-admin", scope: "platform", params: idParams, body: updateModelPriceInput, responses: { 200: modelPriceSchema }, errors: [409], summary: "Update a model price", tags: TAGS },
  async ({ platform, params, body }) => updatePrice(platform, await findPrice(platform, params.id), body),
);

export const deletePriceRoute = withApi(
  { auth: "platform-admin", scope: "platform", params: idParams, responses: { 204: null }, summary: "Delete a model price", tags: TAGS },
  async ({ platform, params }) => {
    await deletePrice(await findPrice(platform, params.id));
  },
);
