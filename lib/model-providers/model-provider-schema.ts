import { z } from "zod";

// Bodies and answers of the model provider and model price endpoints. Pure (no db, no env).

const baseUrl = z
  .string()
  .trim()
  .max(2000)
  .url("Enter a URL like https://api.openai.com/v1.")
  .refine((u) => /^https?:\/\//i.test(u), "The base URL must be http(s).")
  .meta({ description: "OpenAI-compatible base URL (…/v1); `null` = the built-in Local model." });

const providerFields = {
  name: z.string().trim().min(1, "Name is required.").max(255),
  base_url: baseUrl.nullable(),
  api_key: z.string().trim().min(1).max(4000).nullable().meta({ description: "Bring-your-own key, stored encrypted; never returned. `null` removes it." }),
};

export const createModelProviderInput = z
  .object({ name: providerFields.name, base_url: providerFields.base_url.default(null), api_key: providerFields.api_key.default(null) })
  .meta({ id: "ModelProviderInput" });
export type CreateModelProviderInput = z.infer<typeof createModelProviderInput>;
export type CreateModelProviderInputRaw = z.input<typeof createModelProviderInput>;
export const updateModelProviderInput = z
  .object(providerFields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, "Nothing to update.")
  .meta({ id: "ModelProviderUpdate" });
export type UpdateModelProviderInput = z.infer<typeof updateModelProviderInput>;
export type UpdateModelProviderInputRaw = z.input<typeof updateModelProviderInput>;

export const modelProviderSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    base_url: z.string().nullable(),
    is_local: z.boolean().meta({ description: "The built-in Local model (no base URL)." }),
    has_api_key: z.boolean(),
    api_key_last4: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: "ModelProvider" });
export type ModelProviderView = z.infer<typeof modelProviderSchema>;
export const modelProviderListSchema = z.object({ results: z.array(modelProviderSchema) }).meta({ id: "ModelProviderList" });
export type ModelProviderList = z.infer<typeof modelProviderListSchema>;

/** Up to 6 decimals of a credit per 1,000 tokens, stored as integer micro-credits. */
const perThousand = z
  .number({ error: "Enter credits per 1,000 tokens." })
  .min(0)
  .max(1_000_000)
  .refine((v) => Math.abs(Math.round(v * 1e6) - v * 1e6) < 1e-6, "At most 6 decimals.")
  .meta({ description: "Credits per 1,000 tokens (up to 6 decimals)." });

const priceFields = {
  model: z.string().trim().min(1).max(200).meta({ description: "The model name callers send." }),
  provider_id: z.string().min(1).max(255),
  upstream_model: z.string().trim().min(1).max(200).nullable().meta({ description: "What the provider is asked for; default: `model`." }),
  prompt_credits_per_1k: perThousand,
  completion_credits_per_1k: perThousand,
  markup_bps: z.number().int().min(0).max(1_000_000).meta({ description: "Markup in basis points (2500 = +25%)." }),
  min_credits: z.number().int().min(0).max(1_000_000_000).meta({ description: "Least credits charged per request." }),
  item_type: z.string().min(1).max(64).nullable(),
  item_id: z.string().min(1).max(255).nullable(),
  is_active: z.boolean(),
};

export const createModelPriceInput = z
  .object({
    model: priceFields.model,
    provider_id: priceFields.provider_id,
    upstream_model: priceFields.upstream_model.default(null),
    prompt_credits_per_1k: priceFields.prompt_credits_per_1k,
    completion_credits_per_1k: priceFields.completion_credits_per_1k,
    markup_bps: priceFields.markup_bps.default(0),
    min_credits: priceFields.min_credits.default(0),
    item_type: priceFields.item_type.default(null),
    item_id: priceFields.item_id.default(null),
    is_active: priceFields.is_active.default(true),
  })
  .refine((v) => (v.item_type === null) === (v.item_id === null), { message: "Give both item_type and item_id, or neither.", path: ["item_id"] })
  .meta({ id: "ModelPriceInput" });
export type CreateModelPriceInput = z.infer<typeof createModelPriceInput>;
export type CreateModelPriceInputRaw = z.input<typeof createModelPriceInput>;
export const updateModelPriceInput = z
  .object(priceFields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, "Nothing to update.")
  .meta({ id: "ModelPriceUpdate" });
export type UpdateModelPriceInput = z.infer<typeof updateModelPriceInput>;
export type UpdateModelPriceInputRaw = z.input<typeof updateModelPriceInput>;

export const modelPriceSchema = z
  .object({
    id: z.string(),
    model: z.string(),
    provider_id: z.string(),
    provider_name: z.string(),
    upstream_model: z.string().nullable(),
    prompt_credits_per_1k: z.number(),
    completion_credits_per_1k: z.number(),
    markup_bps: z.number().int(),
    min_credits: z.number().int(),
    item_type: z.string().nullable(),
    item_id: z.string().nullable(),
    is_active: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: "ModelPrice" });
export type ModelPriceView = z.infer<typeof modelPriceSchema>;
export const modelPriceListSchema = z.object({ results: z.array(modelPriceSchema) }).meta({ id: "ModelPriceList" });
export type ModelPriceList = z.infer<typeof modelPriceListSchema>;

export const idParams = z.object({ pk: z.string().min(1).max(255), id: z.string().min(1).max(255) });
