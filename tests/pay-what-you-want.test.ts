import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { Price } from "@/lib/db";
import { ApiError } from "@/lib/api/errors";
import { buyerPrice } from "@/lib/checkout/buy-page";
import { chosenAmount } from "@/lib/prices/custom-amount";
import * as pricesRoute from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/paywall/prices/route";
import * as priceRoute from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/paywall/prices/[price_id]/route";
import { call } from "./support/http";
import { createUser } from "./support/fixtures";
import { localStripeForFile } from "./support/local-stripe";
import { checkout, guestCheckout, pay, sellingPlatform } from "./support/buy";

const ls = localStripeForFile();

type Selling = Awaited<ReturnType<typeof sellingPlatform>>;

const addTier = (s: Selling, body: Record<string, unknown>) =>
  call(pricesRoute.POST, { method: "POST", sessionUserId: s.owner.id, params: s.item, body });
const editTier = (s: Selling, id: string, body: Record<string, unknown>) =>
  call(priceRoute.PUT, { method: "PUT", sessionUserId: s.owner.id, params: { ...s.item, price_id: id }, body });

const pwyw = { name: "Name your price", amount: "15.00", interval: "one_time", custom_amount: { minimum: "5.00", maximum: "50.00" } };

/** What chosenAmount refused with: [code, minimum, maximum], or the amount it returned. */
function outcome(price: Pick<Price, "amount" | "currency" | "customAmountMin" | "customAmountMax">, raw: string | number | null | undefined) {
  try {
    return chosenAmount(price, raw);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    const extra = e.extra as { minimum?: string; maximum?: string; errors?: Record<string, string[]> };
    expect(e.status).toBe(400);
    expect(extra.errors?.amount).toHaveLength(1);
    return [e.code, extra.minimum ?? null, extra.maximum ?? null];
  }
}

describe("pay what you want", { timeout: 120_000 }, () => {
  it("chosenAmount: the buyer's amount within the tier's bounds, a fixed tier's own amount", () => {
    const usd = { amount: 1500, currency: "usd", customAmountMin: 500, customAmountMax: 5000 };
    const jpy = { amount: 1000, currency: "jpy", customAmountMin: 100, customAmountMax: 10000 };
    const fixed = { amount: 2499, currency: "usd", customAmountMin: null, customAmountMax: null };
    const table: [typeof usd | typeof fixed, string | number | null | undefined, ReturnType<typeof outcome>][] = [
      [usd, null, ["amount_out_of_range", "5.00", "50.00"]],
      [usd, "", ["amount_out_of_range", "5.00", "50.00"]],
      [usd, "4.99", ["amount_out_of_range", "5.00", "50.00"]],
      [usd, "5", 500],
      [usd, "15.00", 1500],
      [usd, 12.5, 1250],
      [usd, " 50.00 ", 5000],
      [usd, "50.01", ["amount_out_of_range", "5.00", "50.00"]],
      [usd, "12.345", ["validation_error", null, null]],
      [usd, "-5", ["validation_error", null, null]],
      [usd, "ten", ["validation_error", null, null]],
      [jpy, "99", ["amount_out_of_range", "100", "10000"]],
      [jpy, "100", 100],
      [jpy, "1.5", ["validation_error", null, null]],
      [jpy, 10000, 10000],
      [fixed, undefined, 2499],
      [fixed, null, 2499],
      [fixed, "24.99", 2499],
      [fixed, "24.990", ["validation_error", null, null]],
      [fixed, "25", ["amount_not_adjustable", null, null]],
    ];
    for (const [price, raw, expected] of table) expect(outcome(price, raw), `${price.currency} ${JSON.stringify(raw)}`).toEqual(expected);
  });

  it("a one-time tier with custom_amount becomes a Stripe price the buyer chooses; edits re-price it", async () => {
    const s = await sellingPlatform(ls);
    const res = await addTier(s, pwyw);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ amount: "15.00", amount_minor: 1500, interval: "one_time", custom_amount: { minimum: "5.00", maximum: "50.00" } });
    const row = await db.price.findUniqueOrThrow({ where: { uniqueId: res.json.id } });
    expect([row.amount, row.customAmountMin, row.customAmountMax]).toEqual([1500, 500, 5000]);
    const stripePrice = await ls.stripe.prices.retrieve(res.json.stripe_price_id);
    expect(stripePrice).toMatchObject({ unit_amount: null, currency: "usd", type: "one_time", custom_unit_amount: { minimum: 500, maximum: 5000, preset: 1500 } });

    // the buyer's view carries the bounds; fixed tiers say null
    expect(buyerPrice(row).custom_amount).toEqual({ minimum: "5.00", maximum: "50.00" });
    const fixedRow = await db.price.findUniqueOrThrow({ where: { uniqueId: s.prices.once.id } });
    expect(buyerPrice(fixedRow).custom_amount).toBeNull();

    // a new range is a new Stripe price (the old one is archived)
    const widened = await editTier(s, res.json.id, { custom_amount: { minimum: "1.00", maximum: "100.00" } });
    expect(widened.status).toBe(200);
    expect(widened.json.custom_amount).toEqual({ minimum: "1.00", maximum: "100.00" });
    expect(widened.json.stripe_price_id).not.toBe(res.json.stripe_price_id);
    expect((await ls.stripe.prices.retrieve(widened.json.stripe_price_id)).custom_unit_amount).toEqual({ minimum: 100, maximum: 10000, preset: 1500 });
    // a name change alone keeps the Stripe price
    const renamed = await editTier(s, res.json.id, { name: "Pay what it's worth" });
    expect(renamed.json).toMatchObject({ stripe_price_id: widened.json.stripe_price_id, custom_amount: { minimum: "1.00", maximum: "100.00" } });
    // null makes it a fixed price again
    const fixed = await editTier(s, res.json.id, { custom_amount: null });
    expect(fixed.status).toBe(200);
    expect(fixed.json.custom_amount).toBeNull();
    expect(await ls.stripe.prices.retrieve(fixed.json.stripe_price_id)).toMatchObject({ unit_amount: 1500, custom_unit_amount: null });
    // a recurring tier refuses it
    const monthly = await editTier(s, s.prices.monthly.id, { custom_amount: { minimum: "5.00", maximum: "50.00" } });
    expect(monthly.status).toBe(400);
    expect(monthly.json).toMatchObject({ code: "validation_error", errors: { custom_amount: [expect.any(String)] } });
  });

  it("refuses bounds that are not one-time, not positive, inverted, around no suggestion or not whole in zero-decimal currencies", async () => {
    const s = await sellingPlatform(ls);
    const before = await db.price.count({ where: { paywall: { uniqueId: s.uid } } });
    const bad: [Record<string, unknown>, string][] = [
      [{ ...pwyw, interval: "month" }, "custom_amount"],
      [{ ...pwyw, custom_amount: { minimum: "0", maximum: "50.00" } }, "custom_amount"],
      [{ ...pwyw, custom_amount: { minimum: "60.00", maximum: "50.00" } }, "custom_amount"],
      [{ ...pwyw, custom_amount: { minimum: "20.00", maximum: "50.00" } }, "amount"],
      [{ ...pwyw, custom_amount: { minimum: "5.00", maximum: "10.00" } }, "amount"],
      [{ ...pwyw, custom_amount: { minimum: "5.00" } }, "custom_amount"],
      [{ ...pwyw, currency: "jpy", amount: "1500", custom_amount: { minimum: "100.5", maximum: "5000" } }, "custom_amount"],
    ];
    for (const [body, field] of bad) {
      const res = await addTier(s, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.code).toBe("validation_error");
      expect(Object.keys(res.json.errors ?? {}).some((k) => k === field || k.startsWith(`${field}.`)), `${JSON.stringify(res.json.errors)} names ${field}`).toBe(true);
    }
    expect(await db.price.count({ where: { paywall: { uniqueId: s.uid } } })).toBe(before);
    const yen = await addTier(s, { ...pwyw, currency: "jpy", amount: "1500", custom_amount: { minimum: "100", maximum: "5000" } });
    expect(yen.status).toBe(201);
    expect(yen.json.custom_amount).toEqual({ minimum: "100", maximum: "5000" });
  });

  it("buying at a chosen amount charges that amount, with the commission on it", async () => {
    const s = await sellingPlatform(ls, { bps: 1000 });
    const tier = (await addTier(s, pwyw)).json as { id: string };
    const learner = await createUser({ platformId: s.platform.id });

    const missing = await checkout(learner.id, s.item, { price_id: tier.id });
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({ code: "amount_out_of_range", minimum: "5.00", maximum: "50.00" });
    const tooMuch = await checkout(learner.id, s.item, { price_id: tier.id, amount: "50.01" });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.json).toMatchObject({ code: "amount_out_of_range", errors: { amount: [expect.any(String)] } });
    // a fixed tier takes no other amount
    const haggle = await guestCheckout(s.item, { email: "haggler@example.test", price_id: s.prices.once.id, amount: "1.00" });
    expect(haggle.status).toBe(400);
    expect(haggle.json.code).toBe("amount_not_adjustable");
    expect(await db.checkoutSession.count({ where: { platformId: s.platform.id } })).toBe(0);

    const res = await checkout(learner.id, s.item, { price_id: tier.id, amount: "22.50" });
    expect(res.status).toBe(200);
    expect(await db.checkoutSession.findUniqueOrThrow({ where: { stripeSessionId: res.json.session_id } })).toMatchObject({ listAmount: 2250, discountAmount: 0 });
    await pay(ls, res.json.session_id);
    const session = await ls.stripe.checkout.sessions.retrieve(res.json.session_id);
    expect(session.amount_total).toBe(2250);
    const pi = await ls.stripe.paymentIntents.retrieve(session.payment_intent as string);
    expect([pi.amount_received, pi.application_fee_amount]).toEqual([2250, 225]);

    const charge = await db.ledgerEntry.findFirstOrThrow({ where: { platformId: s.platform.id, kind: "charge" } });
    const row = await db.price.findUniqueOrThrow({ where: { uniqueId: tier.id } });
    expect([charge.amount, charge.feeBps, charge.feeAmount, charge.netAmount, charge.discountAmount, charge.priceId]).toEqual([2250, 1000, 225, 2025, 0, row.id]);
    const purchase = await db.subscription.findFirstOrThrow({ where: { platformId: s.platform.id, userId: learner.id } });
    expect([purchase.status, purchase.amount, purchase.interval]).toEqual(["active", 2250, "one_time"]);
  });
});
