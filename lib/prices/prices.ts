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
import { AmountError, fromMinorUnits, toMinorUnits } from "./money";
import type { CreatePriceInput, UpdatePriceInput } from "./price-input";
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

function createStripePrice(paywall: Paywall, uniqueId: string, p: { name: string; amount: number; currency: string; interval: Price["interval"] }) {
  return callStripe("create the Stripe price", () =>
    stripe().prices.create(
      {
        product: paywall.stripeProductId!,
        unit_amount: p.amount,
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

export async function createPrice(ref: ItemScope, input: CreatePriceInput, actor: User): Promise<PriceView> {
  const paywall = requireSellable(ref);
  const uniqueId = crypto.randomUUID();
  const amount = toMinorUnits(input.amount, input.currency);
  const stripePrice = await createStripePrice(paywall, uniqueId, { name: input.name, amount, currency: input.currency, interval: input.interval });
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
      },
    });
    await audit({ actorId: actor.id, platformId: ref.platform.id, action: "price.created", target: uniqueId }, tx);
    return row;
  });
  return priceView(price);
}

/**
 * Partial update. Stripe prices are immutable: a new amount, currency or interval creates a new
 * Stripe price and archives the old one; subscribers keep the price they bought.
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
  const repricing = amount !== price.amount || currency !== price.currency || interval !== price.interval;
  let stripePriceId = price.stripePriceId;
  if (repricing) {
    const paywall = requireSellable(ref, "Enable the paywall before changing a tier's amount, currency or interval.");
    stripePriceId = (await createStripePrice(paywall, price.uniqueId, { name: input.name ?? price.name, amount, currency, interval })).id;
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
