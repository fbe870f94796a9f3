import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { TEST_CARDS, TOKENS, attachDecline, chargeOutcome, cardForTestId } from "../cards.js";
import { startHarness, type Harness } from "./helpers.js";

/** Every test token and test PaymentMethod id is accepted wherever Stripe accepts a card, with its outcome. */
let h: Harness;
let price: Stripe.Price;

beforeAll(async () => {
  h = await startHarness();
  const product = await h.stripe.products.create({ name: "Sweep" });
  price = await h.stripe.prices.create({ product: product.id, unit_amount: 900, currency: "usd", recurring: { interval: "month" } });
});
afterAll(async () => {
  await h.close();
});

type Failure = { type?: string; decline_code?: string };

async function attempt<T>(p: Promise<T>): Promise<{ ok: T } | { err: Failure }> {
  try {
    return { ok: await p };
  } catch (e) {
    return { err: e as Failure };
  }
}

function expected(id: string) {
  const card = cardForTestId(id)!;
  return {
    onSession: chargeOutcome(card, { offSession: false, setUp: false }).decline,
    offSession: chargeOutcome(card, { offSession: true, setUp: false }).decline,
    noAttach: attachDecline(card),
  };
}

describe("test ids everywhere", () => {
  it("confirms a PaymentIntent with every pm_card_… and tok_… id", async () => {
    for (const id of Object.keys(TOKENS)) {
      const { onSession } = expected(id);
      const pi = await attempt(h.stripe.paymentIntents.create({ amount: 1000, currency: "usd", payment_method: id, confirm: true }));
      if (onSession) expect("err" in pi && pi.err.decline_code, id).toBe(onSession.decline_code);
      else expect("ok" in pi && pi.ok.status, id).toBe("succeeded");
    }
  }, 180_000);

  const rows = TEST_CARDS.filter((r) => r.pm.length || r.tok.length).map((r) => [r.tok[0] ?? r.pm[0], r.pm[0] ?? r.tok[0]] as const);

  it.each(rows)("%s / %s: Charges source, customer source, attach, subscription", async (tok, pm) => {
    const { offSession, onSession, noAttach } = expected(tok);
    const charge = await attempt(h.stripe.charges.create({ amount: 500, currency: "usd", source: tok }));
    // the Charges API can't authenticate: off-session rules
    if (offSession) expect("err" in charge && charge.err.decline_code, "charge").toBe(offSession.decline_code);
    else expect("ok" in charge && charge.ok.status, "charge").toBe("succeeded");

    const withSource = await attempt(h.stripe.customers.create({ source: tok }));
    if (noAttach) expect("err" in withSource && withSource.err.type, "customer source").toBe("StripeCardError");
    else expect("ok" in withSource && typeof withSource.ok.default_source, "customer source").toBe("string");

    const customer = await h.stripe.customers.create({ email: "sweep@example.com" });
    const attached = await attempt(h.stripe.paymentMethods.attach(pm, { customer: customer.id }));
    if (noAttach) {
      expect("err" in attached && attached.err.decline_code, "attach").toBe(noAttach.decline_code);
      return;
    }
    expect("ok" in attached && attached.ok.customer, "attach").toBe(customer.id);
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: pm });
    expect(sub.status, "subscription").toBe(onSession ? "incomplete" : "active");
  });
});
