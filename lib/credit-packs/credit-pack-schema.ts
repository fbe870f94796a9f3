import { z } from "zod";
import { isStripeCurrency } from "@/lib/prices/currencies";

// Bodies and answers of the credit pack endpoints. Pure (no db, no env) so the creator and buyer
// pages can share them.

/** Largest pack price in minor units (8 digits, as a tier's amount). */
export const PACK_AMOUNT_MAX = 99_999_999;
/** Most credits one pack may add. */
export const PACK_CREDITS_MAX = 1_000_000_000;

const fields = {
  name: z.string().trim().min(1, "Name is required.").max(255),
  credits: z
    .number({ error: "Enter a whole number of credits." })
    .int("Enter a whole number of credits.")
    .min(1, "A pack adds at least 1 credit.")
    .max(PACK_CREDITS_MAX)
    .meta({ description: "Credits the pack adds to the buyer's wallet." }),
  amount: z
    .number({ error: "Enter the price in minor units (500 = 5.00 USD)." })
    .int("Enter the price in minor units (500 = 5.00 USD).")
    .min(1, "The price must be positive.")
    .max(PACK_AMOUNT_MAX)
    .meta({ description: "Price in the currency's minor unit (500 = 5.00 USD, 500 = ¥500)." }),
  currency: z
    .string()
    .trim()
    .toLowerCase()
    .refine(isStripeCurrency, "Not a currency Stripe supports (use an ISO code like usd, eur, jpy).")
    .meta({ description: "Lower-case ISO currency code." }),
  is_active: z.boolean().meta({ description: "Inactive packs are hidden from buyers and cannot be bought." }),
  sort_order: z.number().int().min(-100_000).max(100_000),
};

export const createCreditPackInput = z
  .object({
    name: fields.name,
    credits: fields.credits,
    amount: fields.amount,
    currency: fields.currency,
    is_active: fields.is_active.default(true),
    sort_order: fields.sort_order.default(0),
  })
  .meta({ id: "CreditPackInput", description: "A pack of credits buyers top up their wallet with." });
export type CreateCreditPackInput = z.infer<typeof createCreditPackInput>;
export type CreateCreditPackInputRaw = z.input<typeof createCreditPackInput>;

export const updateCreditPackInput = z
  .object(fields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, "Nothing to update.")
  .meta({ id: "CreditPackUpdate" });
export type UpdateCreditPackInput = z.infer<typeof updateCreditPackInput>;
export type UpdateCreditPackInputRaw = z.input<typeof updateCreditPackInput>;

export const creditPackSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    credits: z.number().int(),
    amount: z.number().int().meta({ description: "Price in the currency's minor unit." }),
    amount_decimal: z.string().meta({ description: "The same price as a decimal string, e.g. `5.00`." }),
    currency: z.string(),
    is_active: z.boolean(),
    sort_order: z.number().int(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: "CreditPack", description: "A pack of credits for sale on a platform." });
export type CreditPackView = z.infer<typeof creditPackSchema>;

export const creditPackListSchema = z.object({ results: z.array(creditPackSchema) }).meta({ id: "CreditPackList" });
export type CreditPackList = z.infer<typeof creditPackListSchema>;

export const creditPackParams = z.object({ pk: z.string().min(1).max(255), id: z.string().min(1).max(255) });

// as redirectUrlSchema of lib/security/redirect-guard.ts, which reads the server's settings
const redirectUrl = z.url({ protocol: /^https?$/, error: "Enter an absolute http(s) URL." }).max(2000);

export const topUpInput = z
  .object({
    pack_id: z.string().trim().min(1).max(255).meta({ description: "The credit pack to buy." }),
    user: z
      .string()
      .trim()
      .min(1)
      .max(255)
      .optional()
      .meta({ description: "API tokens only: whose wallet, a Tollgate user id or the platform's external id (mapped on first use). A signed-in session tops up its own wallet." }),
    success_url: redirectUrl.nullish().meta({ description: "Where the buyer lands after paying (this app or one of the platform's domains); default the wallet page." }),
    cancel_url: redirectUrl.nullish().meta({ description: "Where the buyer goes on cancel; default the wallet page." }),
  })
  .meta({ id: "TopUpInput", description: "Buy a credit pack through Stripe Checkout." });
export type TopUpInput = z.infer<typeof topUpInput>;
export type TopUpInputRaw = z.input<typeof topUpInput>;

export const topUpStartedSchema = z
  .object({
    checkout_url: z.url().meta({ description: "Stripe Checkout page to send the buyer to." }),
    session_id: z.string().meta({ description: "The Checkout Session id." }),
    platform_key: z.string(),
  })
  .meta({ id: "TopUpStarted" });
export type TopUpStarted = z.infer<typeof topUpStartedSchema>;

/**
 * Codes a top-up refusal carries:
 *  - not_sellable               400, the seller cannot take payments right now
 *  - pack_inactive              400, the pack is no longer for sale
 *  - validation_error           400, malformed body, `user` missing for a token / sent by a session, redirect not allowed
 *  - idempotency_key_required   400, an API token call without `Idempotency-Key`
 */
export const TOP_UP_ERROR_CODES = ["not_sellable", "pack_inactive", "validation_error", "idempotency_key_required"] as const;
