import "server-only";
import { db } from "@/lib/db";
import type { ModelPrice, ModelProvider, Platform } from "@/lib/db";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/api/errors";
import { normalizeItemType } from "@/lib/platforms/item-types";
import { sealApiKey } from "./api-key-box";
import type { CreateModelPriceInput, CreateModelProviderInput, ModelPriceView, ModelProviderView, UpdateModelPriceInput, UpdateModelProviderInput } from "./model-provider-schema";

// Upstream providers and per-model prices of a platform. Base URLs are any http(s) URL: real
// providers are public hosts, and localhost stays allowed so a self-hosted model (and the tests)
// can be the upstream. Only platform admins configure them; the proxy calls them server-side.

export function providerView(p: ModelProvider): ModelProviderView {
  return {
    id: p.id,
    name: p.name,
    base_url: p.baseUrl,
    is_local: p.baseUrl === null,
    has_api_key: p.apiKeyCiphertext !== null,
    api_key_last4: p.apiKeyLast4,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}

const keyFields = (apiKey: string | null) =>
  apiKey === null ? { apiKeyCiphertext: null, apiKeyLast4: null } : { apiKeyCiphertext: sealApiKey(apiKey), apiKeyLast4: apiKey.slice(-4) };

export async function listProviders(platform: Platform) {
  return (await db.modelProvider.findMany({ where: { platformId: platform.id }, orderBy: { createdAt: "asc" } })).map(providerView);
}

export async function findProvider(platform: Platform, id: string): Promise<ModelProvider> {
  const p = await db.modelProvider.findFirst({ where: { id, platformId: platform.id } });
  if (!p) throw new NotFoundError();
  return p;
}

export async function createProvider(platform: Platform, input: CreateModelProviderInput) {
  const p = await db.modelProvider.create({ data: { platformId: platform.id, name: input.name, baseUrl: input.base_url, ...keyFields(input.api_key) } });
  return providerView(p);
}

export async function updateProvider(provider: ModelProvider, input: UpdateModelProviderInput) {
  const p = await db.modelProvider.update({
    where: { id: provider.id },
    data: {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.base_url !== undefined ? { baseUrl: input.base_url } : {}),
      ...(input.api_key !== undefined ? keyFields(input.api_key) : {}),
    },
  });
  return providerView(p);
}

export async function deleteProvider(provider: ModelProvider) {
  const used = await db.modelPrice.count({ where: { providerId: provider.id } });
  if (used > 0) throw new ConflictError("Model prices still use this provider; delete or move them first.", {}, "provider_in_use");
  await db.modelProvider.delete({ where: { id: provider.id } });
}

const toMicros = (credits: number) => Math.round(credits * 1e6);
const fromMicros = (micros: number) => micros / 1e6;

export function priceView(p: ModelPrice & { provider: ModelProvider }): ModelPriceView {
  return {
    id: p.id,
    model: p.model,
    provider_id: p.providerId,
    provider_name: p.provider.name,
    upstream_model: p.upstreamModel,
    prompt_credits_per_1k: fromMicros(p.promptMicrosPer1k),
    completion_credits_per_1k: fromMicros(p.completionMicrosPer1k),
    markup_bps: p.markupBps,
    min_credits: p.minCredits,
    item_type: p.itemType,
    item_id: p.itemId,
    is_active: p.isActive,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}

export async function listPrices(platform: Platform) {
  return (await db.modelPrice.findMany({ where: { platformId: platform.id }, include: { provider: true }, orderBy: { model: "asc" } })).map(priceView);
}

export async function findPrice(platform: Platform, id: string) {
  const p = await db.modelPrice.findFirst({ where: { id, platformId: platform.id }, include: { provider: true } });
  if (!p) throw new NotFoundError();
  return p;
}

async function assertProvider(platform: Platform, providerId: string) {
  const p = await db.modelProvider.findFirst({ where: { id: providerId, platformId: platform.id }, select: { id: true } });
  if (!p) throw new ValidationError({ provider_id: ["No such provider on this platform."] });
}

/** Item types are stored as item routes name them (`mentor`, or `custom:<name>` for others). */
function itemTypeOf(raw: string | null): string | null {
  if (raw === null) return null;
  const t = normalizeItemType(raw);
  if (!t) throw new ValidationError({ item_type: ["Not a valid item type."] });
  return t;
}

function isUniqueViolation(error: unknown) {
  return (error as { code?: unknown })?.code === "P2002";
}

export async function createPrice(platform: Platform, input: CreateModelPriceInput) {
  await assertProvider(platform, input.provider_id);
  try {
    const p = await db.modelPrice.create({
      data: {
        platformId: platform.id,
        providerId: input.provider_id,
        model: input.model,
        upstreamModel: input.upstream_model,
        promptMicrosPer1k: toMicros(input.prompt_credits_per_1k),
        completionMicrosPer1k: toMicros(input.completion_credits_per_1k),
        markupBps: input.markup_bps,
        minCredits: input.min_credits,
        itemType: itemTypeOf(input.item_type),
        itemId: input.item_id,
        isActive: input.is_active,
      },
      include: { provider: true },
    });
    return priceView(p);
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`The model \`${input.model}\` already has a price.`, {}, "model_price_exists");
    throw error;
  }
}

export async function updatePrice(platform: Platform, price: ModelPrice, input: UpdateModelPriceInput) {
  if (input.provider_id !== undefined) await assertProvider(platform, input.provider_id);
  const itemType = input.item_type !== undefined ? itemTypeOf(input.item_type) : price.itemType;
  const itemId = input.item_id !== undefined ? input.item_id : price.itemId;
  if ((itemType === null) !== (itemId === null)) throw new ValidationError({ item_id: ["Give both item_type and item_id, or neither."] });
  try {
    const p = await db.modelPrice.update({
      where: { id: price.id },
      data: {
        ...(input.model !== undefined ? { model: input.model } : {}),
        ...(input.provider_id !== undefined ? { providerId: input.provider_id } : {}),
        ...(input.upstream_model !== undefined ? { upstreamModel: input.upstream_model } : {}),
        ...(input.prompt_credits_per_1k !== undefined ? { promptMicrosPer1k: toMicros(input.prompt_credits_per_1k) } : {}),
        ...(input.completion_credits_per_1k !== undefined ? { completionMicrosPer1k: toMicros(input.completion_credits_per_1k) } : {}),
        ...(input.markup_bps !== undefined ? { markupBps: input.markup_bps } : {}),
        ...(input.min_credits !== undefined ? { minCredits: input.min_credits } : {}),
        ...(input.is_active !== undefined ? { isActive: input.is_active } : {}),
        itemType,
        itemId,
      },
      include: { provider: true },
    });
    return priceView(p);
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError("Another price already uses this model name.", {}, "model_price_exists");
    throw error;
  }
}

export async function deletePrice(price: ModelPrice) {
  await db.modelPrice.delete({ where: { id: price.id } });
}
