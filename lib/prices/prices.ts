import "server-only";
import crypto from "node:crypto";
import { db } from "@/lib/db";
import type { Paywall, Price, User } from "@/lib/db";
import { BadRequestError } from "@/lib/api/errors";
import type { ItemScope } from "@/lib/api/route-scope";
import { hasPaymentsAccount } from "@/lib/checkout/can-sell";
import { audit } from "@/lib/platforms/audit";
import { stripe } from "@/lib/stripe/client";
import { callStripe } from "@/lib/stripe/errors";
import { checkCustomAmount, customBounds, type CustomBounds } from "./custom-amount";
import { AmountError, fromMinorUnits, toMinorUnits } from "./money";
import { grantProblems, type CreatePriceInput, type UpdatePriceInput } from "./price-input";
import { priceView, type PriceView } from "./price-view";

/** Admin list: every tier that is not deleted, inactive ones included (shown with a badge). */
export async function listPrices(ref: ItemScope): Promise<PriceView[]> {
  if (!ref.paywall) return [];
  const prices = await db.price.findMany({
    where: { paywallId: ref.paywall.id, deletedAt: null },
    orderBy: [{ sortOrder: "asc" }, { amount: "asc" }],
  });
  return prices.map(priceView);
}

type StripeTier = { name: string; amount: number; currency: string; interval: Price["interval"]; custom: CustomBounds | null };

function createStripePrice(paywall: Paywall, uniqueId: string, p: StripeTier) {
  return callStripe("create the Stripe price", () =>
    stripe().prices.create(
      {
        product: paywall.stripeProductId!,
        // pay what you want: Stripe Checkout asks the buyer, preset to the suggested amount
        ...(p.custom
          ? { custom_unit_amount: { enabled: true, minimum: p.custom.min, maximum: p.custom.max, preset: p.amount } }
          : { unit_amount: p.amount }),
        currency: p.currency,
        nickname: p.name.slice(0, 250),
        ...(p.interval !== "one_time" && { recurring: { interval: p.interval } }),
        metadata: { price_unique_id: uniqueId, paywall_unique_id: paywall.uniqueId },
      },
      // one key per request: SDK retries reuse it, a later edit back to an old amount gets a new price
      { idempotencyKey: `price:${uniqueId}:${crypto.randomUUID()}` },
    ),
  );
}

function archiveStripePrice(stripePriceId: string | null) {
  if (!stripePriceId) return;
  // archived, never deleted: existing subscriptions on it keep billing
  stripe()
    .prices.update(stripePriceId, { active: false })
    .catch((e) => console.warn("[prices] could not archive", stripePriceId, e instanceof Error ? e.message : e));
}

function requireSellable(ref: ItemScope, disabledMessage = "Paywall must be enabled before creating prices"): Paywall {
  if (!hasPaymentsAccount(ref.platform)) {
    throw new BadRequestError("Stripe Connect is not ready: connect Stripe and finish onboarding first.", {}, "connect_not_ready");
  }
  if (!ref.paywall || !ref.paywall.isEnabled || !ref.paywall.stripeProductId) {
    throw new BadRequestError(disabledMessage, {}, "paywall_not_enabled");
  }
  return ref.paywall;
}

/** The bounds of `custom_amount` (null: a fixed price), or 400 validation_error with the messages per field. */
function customOrRefuse(custom: { minimum: string; maximum: string } | null | undefined, tier: { amount: number; currency: string; interval: string }): CustomBounds | null {
  if (!custom) return null;
  const checked = checkCustomAmount(custom, tier);
  if ("errors" in checked) throw new BadRequestError("Invalid request body: custom_amount.", { errors: checked.errors }, "validation_error");
  return checked.bounds;
}

export async function createPrice(ref: ItemScope, input: CreatePriceInput, actor: User): Promise<PriceView> {
  const paywall = requireSellable(ref);
  const uniqueId = crypto.randomUUID();
  const amount = toMinorUnits(input.amount, input.currency);
  const custom = customOrRefuse(input.custom_amount, { amount, currency: input.currency, interval: input.interval });
  const stripePrice = await createStripePrice(paywall, uniqueId, { name: input.name, amount, currency: input.currency, interval: input.interval, custom });
  const price = await db.$transaction(async (tx) => {
    const row = await tx.price.create({
      data: {
        uniqueId,
        paywallId: paywall.id,
        name: input.name,
        description: input.description,
        amount,
        currency: input.currency,
        interval: input.interval,
        features: input.features,
        remark: input.remark,
        sortOrder: input.sort_order,
        isActive: input.is_active,
        stripePriceId: stripePrice.id,
        customAmountMin: custom?.min ?? null,
        customAmountMax: custom?.max ?? null,
        includedUnits: input.included_units ?? null,
        unitCredits: input.unit_credits ?? null,
        grantCredits: input.grant_credits ?? null,
        grantRollover: input.grant_rollover ?? false,
      },
    });
    await audit({ actorId: actor.id, platformId: ref.platform.id, action: "price.created", target: uniqueId }, tx);
    return row;
  });
  return priceView(price);
}

/** Bounds an update leaves: as sent (null clears them), else the tier's own re-read in a new currency. */
function customAfterUpdate(price: Price, input: UpdatePriceInput, tier: { amount: number; currency: string; interval: string }): CustomBounds | null {
  if (input.custom_amount !== undefined) return customOrRefuse(input.custom_amount, tier);
  const current = customBounds(price);
  if (!current) return null;
  const decimal = { minimum: fromMinorUnits(current.min, price.currency), maximum: fromMinorUnits(current.max, price.currency) };
  return customOrRefuse(decimal, tier);
}

/**
 * Partial update. Stripe prices are immutable: a new amount, currency, interval or pay-what-you-want
 * range creates a new Stripe price and archives the old one; subscribers keep the price they bought.
 */
export async function updatePrice(ref: ItemScope, price: Price, input: UpdatePriceInput, actor: User): Promise<PriceView> {
  const currency = input.currency ?? price.currency;
  const interval = input.interval ?? price.interval;
  let amount = price.amount;
  try {
    if (input.amount !== undefined) amount = toMinorUnits(input.amount, currency);
    // a new currency alone keeps the same decimal amount, in the new currency's minor unit
    else if (currency !== price.currency) amount = toMinorUnits(fromMinorUnits(price.amount, price.currency), currency);
  } catch (e) {
    if (e instanceof AmountError) throw new BadRequestError("Invalid request body: amount.", { errors: { amount: [e.message] } }, "validation_error");
    throw e;
  }
  // granted credits need a period: refuse them on a one-time tier, or a move to one-time that keeps them
  const grants = grantProblems(
    {
      grant_credits: input.grant_credits !== undefined ? input.grant_credits : price.grantCredits,
      grant_rollover: input.grant_rollover ?? price.grantRollover,
    },
    interval,
  );
  if (Object.keys(grants).length) throw new BadRequestError("Only recurring tiers grant credits.", { errors: grants }, "validation_error");
  const custom = customAfterUpdate(price, input, { amount, currency, interval });
  const before = customBounds(price);
  const reranged = (custom?.min ?? null) !== (before?.min ?? null) || (custom?.max ?? null) !== (before?.max ?? null);
  const repricing = amount !== price.amount || currency !== price.currency || interval !== price.interval || reranged;
  let stripePriceId = price.stripePriceId;
  if (repricing) {
    const paywall = requireSellable(ref, "Enable the paywall before changing a tier's amount, currency or interval.");
    stripePriceId = (await createStripePrice(paywall, price.uniqueId, { name: input.name ?? price.name, amount, currency, interval, custom })).id;
  }
  const updated = await db.$transaction(async (tx) => {
    const row = await tx.price.update({
      where: { id: price.id },
      data: {
        name: input.name,
        description: input.description,
        features: input.features,
        remark: input.remark,
        sortOrder: input.sort_order,
        isActive: input.is_active,
        amount,
        currency,
        interval,
        stripePriceId,
        customAmountMin: custom?.min ?? null,
        customAmountMax: custom?.max ?? null,
        includedUnits: input.included_units,
        unitCredits: input.unit_credits,
        grantCredits: input.grant_credits,
        grantRollover: input.grant_rollover,
      },
    });
    await audit({ actorId: actor.id, platformId: ref.platform.id, action: "price.updated", target: price.uniqueId, data: { repriced: repricing } }, tx);
    return row;
  });
  if (repricing) archiveStripePrice(price.stripePriceId);
  return priceView(updated);
}

/** Soft delete; the Stripe price is archived so existing subscriptions keep billing. */
export async function deletePrice(ref: ItemScope, price: Price, actor: User): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.price.update({ where: { id: price.id }, data: { deletedAt: new Date(), isActive: false } });
    await audit({ actorId: actor.id, platformId: ref.platform.id, action: "price.deleted", target: price.uniqueId }, tx);
  });
  archiveStripePrice(price.stripePriceId);
}
