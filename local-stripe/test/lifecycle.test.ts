import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { startHarness, setupSeller, type Harness } from "./helpers.js";

let h: Harness;
let seller: Awaited<ReturnType<typeof setupSeller>>;
const DAY = 86400;

beforeAll(async () => {
  h = await startHarness();
  seller = await setupSeller(h, 1500);
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  await h.flush();
  h.receiver.clear();
});

async function now(): Promise<number> {
  return (await h.control<{ now: number }>("clock", undefined, "GET")).body.now;
}

function about(type: string, id: string): Stripe.Event[] {
  return h.receiver.events(type).filter((e) => (e.data.object as { id: string }).id === id);
}

describe("account.updated from the API", () => {
  it("emits account.updated with previous_attributes to the Connect endpoint", async () => {
    const acct = await h.stripe.accounts.create({ type: "standard" });
    await h.flush();
    h.receiver.clear();
    const updated = await h.stripe.accounts.update(acct.id, {
      metadata: { foo: "bar" },
      business_profile: { name: "Acme Courses", url: "https://acme.test" },
      settings: { payouts: { schedule: { interval: "weekly", weekly_anchor: "friday" } } },
    });
    expect(updated.business_profile?.name).toBe("Acme Courses");
    expect(updated.settings?.payouts?.schedule).toMatchObject({ interval: "weekly", weekly_anchor: "friday" });
    await h.flush();
    const [event] = about("account.updated", acct.id);
    expect(event).toBeTruthy();
    expect(event.account).toBe(acct.id);
    expect(h.receiver.received.find((r) => r.event.id === event.id)?.endpoint).toBe("connect");
    expect(h.receiver.types("platform")).not.toContain("account.updated");
    expect(event.data.previous_attributes).toMatchObject({ metadata: {}, business_profile: { name: null, url: null } });
    expect((event.data.object as Stripe.Account).metadata).toEqual({ foo: "bar" });
    const listed = await h.stripe.events.list({ type: "account.updated" }, { stripeAccount: acct.id });
    expect(listed.data.map((e) => e.id)).toContain(event.id);
  });

  it("also when the connected account updates itself, and not for a no-op update", async () => {
    const acct = await h.stripe.accounts.create({ type: "express" });
    await h.stripe.accounts.update(acct.id, { email: "self@example.com" }, { stripeAccount: acct.id });
    await h.stripe.accounts.update(acct.id, { email: "self@example.com" });
    await h.flush();
    const events = about("account.updated", acct.id);
    expect(events).toHaveLength(1);
    expect(events[0].data.previous_attributes).toEqual({ email: null });
  });

  it("emits account.application.deauthorized when the platform deletes an account", async () => {
    const acct = await h.stripe.accounts.create({});
    expect(acct.type).toBe("standard");
    await h.stripe.accounts.del(acct.id);
    await h.flush();
    const event = h.receiver.events("account.application.deauthorized")[0];
    expect(event.account).toBe(acct.id);
    expect((event.data.object as Stripe.Application).object).toBe("application");
    expect(h.receiver.received.find((r) => r.event.id === event.id)?.endpoint).toBe("connect");
  });
});

describe("customer.subscription.trial_will_end", () => {
  async function customer() {
    return h.stripe.customers.create({ email: `trial-${Math.random()}@example.com`, payment_method: "pm_card_visa", invoice_settings: { default_payment_method: "pm_card_visa" } });
  }

  it("is sent right away for a trial shorter than 3 days, and only once", async () => {
    const c = await customer();
    const sub = await h.stripe.subscriptions.create({ customer: c.id, items: [{ price: seller.monthly.id }], trial_period_days: 1 });
    expect(sub.status).toBe("trialing");
    await h.flush();
    expect(about("customer.subscription.trial_will_end", sub.id)).toHaveLength(1);
    await h.control("clock/advance", { seconds: 2 * DAY });
    await h.flush();
    expect(about("customer.subscription.trial_will_end", sub.id)).toHaveLength(1);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe("active");
  });

  it("waits until 3 days before a longer trial ends, then once", async () => {
    const c = await customer();
    const sub = await h.stripe.subscriptions.create({ customer: c.id, items: [{ price: seller.monthly.id }], trial_end: (await now()) + 10 * DAY });
    await h.flush();
    expect(about("customer.subscription.trial_will_end", sub.id)).toHaveLength(0);
    await h.control("clock/advance", { seconds: 6 * DAY });
    await h.flush();
    expect(about("customer.subscription.trial_will_end", sub.id)).toHaveLength(0);
    await h.control("clock/advance", { seconds: 2 * DAY });
    await h.flush();
    expect(about("customer.subscription.trial_will_end", sub.id)).toHaveLength(1);
    await h.control("clock/advance", { seconds: 3 * DAY });
    await h.flush();
    expect(about("customer.subscription.trial_will_end", sub.id)).toHaveLength(1);
  });

  it("is sent right away when an update moves the trial end within 3 days; an extended trial warns again later", async () => {
    const c = await customer();
    const t0 = await now();
    const sub = await h.stripe.subscriptions.create({ customer: c.id, items: [{ price: seller.monthly.id }], trial_period_days: 20 });
    await h.flush();
    expect(about("customer.subscription.trial_will_end", sub.id)).toHaveLength(0);
    const shortened = await h.stripe.subscriptions.update(sub.id, { trial_end: t0 + 2 * DAY });
    expect(shortened.trial_end).toBe(t0 + 2 * DAY);
    expect(shortened.items.data[0].current_period_end).toBe(t0 + 2 * DAY);
    await h.flush();
    expect(about("customer.subscription.trial_will_end", sub.id)).toHaveLength(1);
    // moving it again inside the window sends nothing new
    await h.stripe.subscriptions.update(sub.id, { trial_end: t0 + DAY });
    await h.flush();
    expect(about("customer.subscription.trial_will_end", sub.id)).toHaveLength(1);
    // extended past the window: a new warning 3 days before the new end
    await h.stripe.subscriptions.update(sub.id, { trial_end: t0 + 10 * DAY });
    await h.flush();
    expect(about("customer.subscription.trial_will_end", sub.id)).toHaveLength(1);
    await h.control("clock/advance", { seconds: 8 * DAY });
    await h.flush();
    expect(about("customer.subscription.trial_will_end", sub.id)).toHaveLength(2);
  });

  it("ends a trial now without a warning and charges the first period", async () => {
    const c = await customer();
    const sub = await h.stripe.subscriptions.create({ customer: c.id, items: [{ price: seller.monthly.id }], trial_period_days: 14 });
    const active = await h.stripe.subscriptions.update(sub.id, { trial_end: "now" });
    expect(active.status).toBe("active");
    const invoice = await h.stripe.invoices.retrieve(active.latest_invoice as string);
    expect(invoice.amount_paid).toBe(1500);
    await h.flush();
    expect(about("customer.subscription.trial_will_end", sub.id)).toHaveLength(0);
  });

  it("is sent for a Checkout trial shorter than 3 days", async () => {
    const session = await h.stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: seller.monthly.id, quantity: 1 }],
      success_url: "http://app.test/ok",
      subscription_data: { trial_period_days: 2 },
    });
    await h.control(`checkout/sessions/${session.id}/pay`, { card: "4242424242424242", email: "short@example.com" });
    const s = await h.stripe.checkout.sessions.retrieve(session.id);
    await h.flush();
    expect(about("customer.subscription.trial_will_end", s.subscription as string)).toHaveLength(1);
  });
});

describe("SEPA Direct Debit", () => {
  async function debit(iban: string) {
    const pm = await h.stripe.paymentMethods.create({ type: "sepa_debit", sepa_debit: { iban }, billing_details: { name: "Jenny Rosen", email: "jenny@example.com" } });
    // payment_method_types is what the CLI's fixtures send; the SDK's types no longer list it
    return h.stripe.paymentIntents.create({ amount: 1000, currency: "eur", payment_method_types: ["sepa_debit"], payment_method: pm.id, confirm: true } as Stripe.PaymentIntentCreateParams);
  }

  it("processes, then succeeds or fails by test IBAN", async () => {
    const ok = await debit("AT611904300234573201");
    expect(ok.status).toBe("processing");
    const bad = await debit("AT861904300235473202");
    expect(bad.status).toBe("processing");
    await h.flush();
    expect((await h.stripe.paymentIntents.retrieve(ok.id)).status).toBe("succeeded");
    const failed = await h.stripe.paymentIntents.retrieve(bad.id);
    expect(failed.status).toBe("requires_payment_method");
    expect(failed.last_payment_error?.code).toBe("insufficient_funds");
    expect(h.receiver.types()).toEqual(expect.arrayContaining(["charge.pending", "payment_intent.processing", "payment_intent.succeeded", "payment_intent.payment_failed"]));
    const charge = await h.stripe.charges.retrieve(ok.latest_charge as string);
    expect(charge.payment_method_details?.type).toBe("sepa_debit");
    expect(charge.status).toBe("succeeded");
  });

  it("keeps the delayed IBAN processing for 3 minutes of (virtual) time", async () => {
    const slow = await debit("AT321904300235473204");
    await h.flush();
    expect((await h.stripe.paymentIntents.retrieve(slow.id)).status).toBe("processing");
    await h.control("clock/advance", { seconds: 181 });
    await h.flush();
    expect((await h.stripe.paymentIntents.retrieve(slow.id)).status).toBe("succeeded");
  });

  it("completes Checkout unpaid, then sends async_payment_succeeded / async_payment_failed", async () => {
    const product = await h.stripe.products.create({ name: "EUR course" });
    const eur = await h.stripe.prices.create({ product: product.id, unit_amount: 1500, currency: "eur" });
    const results: Record<string, Stripe.Checkout.Session> = {};
    // the IBANs that settle after 3 minutes of virtual time: "unpaid" is then a state, not a race
    // with the scheduler that settles immediate debits a few milliseconds later
    const [SUCCEEDS, FAILS] = ["AT321904300235473204", "AT051904300235473205"];
    for (const iban of [SUCCEEDS, FAILS]) {
      const session = await h.stripe.checkout.sessions.create({
        mode: "payment",
        payment_method_types: ["sepa_debit"],
        line_items: [{ price: eur.id, quantity: 1 }],
        success_url: "http://app.test/ok",
      } as Stripe.Checkout.SessionCreateParams);
      const pm = await h.stripe.paymentMethods.create({ type: "sepa_debit", sepa_debit: { iban }, billing_details: { email: "sepa@example.com", name: "Jenny" } });
      const res = await fetch(`${h.server.url}/v1/payment_pages/${session.id}/confirm`, {
        method: "POST",
        headers: { authorization: "Bearer sk_test_local", "content-type": "application/x-www-form-urlencoded" },
        body: `payment_method=${pm.id}&expected_amount=1500`,
      });
      expect(res.status).toBe(200);
      const completed = await h.stripe.checkout.sessions.retrieve(session.id);
      expect(completed.status).toBe("complete");
      expect(completed.payment_status).toBe("unpaid");
      results[iban] = completed;
    }
    await h.control("clock/advance", { seconds: 181 });
    await h.flush();
    const succeeded = h.receiver.events("checkout.session.async_payment_succeeded").map((e) => (e.data.object as Stripe.Checkout.Session).id);
    const failed = h.receiver.events("checkout.session.async_payment_failed").map((e) => (e.data.object as Stripe.Checkout.Session).id);
    expect(succeeded).toEqual([results[SUCCEEDS].id]);
    expect(failed).toEqual([results[FAILS].id]);
    expect((await h.stripe.checkout.sessions.retrieve(results[SUCCEEDS].id)).payment_status).toBe("paid");
  });

  it("rejects an invalid IBAN and sepa_debit in a non-EUR session", async () => {
    const e = (await h.stripe.paymentMethods.create({ type: "sepa_debit", sepa_debit: { iban: "AT001904300234573201" } }).catch((x: unknown) => x)) as Stripe.errors.StripeError;
    expect(e.code).toBe("invalid_bank_account_iban");
    const s = (await h.stripe.checkout.sessions
      .create({ mode: "payment", payment_method_types: ["sepa_debit"], line_items: [{ price: seller.price.id, quantity: 1 }], success_url: "http://app.test/ok" } as Stripe.Checkout.SessionCreateParams)
      .catch((x: unknown) => x)) as Stripe.errors.StripeError;
    expect(s.statusCode).toBe(400);
  });
});

describe("payouts", () => {
  it("pays a payout at its arrival date (payout.paid) and cancels a pending one", async () => {
    await h.stripe.paymentIntents.create({ amount: 5000, currency: "usd", payment_method: "pm_card_bypassPending", confirm: true });
    const payout = await h.stripe.payouts.create({ amount: 1100, currency: "usd" });
    expect(payout.status).toBe("pending");
    const other = await h.stripe.payouts.create({ amount: 500, currency: "usd" });
    const canceled = await h.stripe.payouts.cancel(other.id);
    expect(canceled.status).toBe("canceled");
    const meta = await h.stripe.payouts.update(payout.id, { metadata: { run: "1" } });
    expect(meta.metadata).toEqual({ run: "1" });
    await h.control("clock/advance", { seconds: 2 * DAY + 60 });
    await h.flush();
    expect((await h.stripe.payouts.retrieve(payout.id)).status).toBe("paid");
    expect(about("payout.paid", payout.id)).toHaveLength(1);
    expect(about("payout.updated", payout.id)).toHaveLength(1);
    expect(about("payout.canceled", other.id)).toHaveLength(1);
  });

  it("sends a connected account's payout.paid to the Connect endpoint", async () => {
    // a destination charge with bypassPending: the seller's share is available at once
    await h.stripe.paymentIntents.create({
      amount: 3000,
      currency: "usd",
      payment_method: "pm_card_bypassPending",
      confirm: true,
      transfer_data: { destination: seller.account.id },
    });
    const po = await h.stripe.payouts.create({ amount: 1000, currency: "usd" }, { stripeAccount: seller.account.id });
    await h.control("clock/advance", { seconds: 2 * DAY + 60 });
    await h.flush();
    const [event] = about("payout.paid", po.id);
    expect(event.account).toBe(seller.account.id);
    expect(h.receiver.received.find((r) => r.event.id === event.id)?.endpoint).toBe("connect");
  });
});

describe("tokens, customer sources and the Charges API", () => {
  it("charges tokens and card sources, and declines as the card says", async () => {
    const direct = await h.stripe.charges.create({ amount: 700, currency: "usd", source: "tok_visa" });
    expect(direct.status).toBe("succeeded");
    expect((direct.source as Stripe.Card).object).toBe("card");
    const declined = (await h.stripe.charges.create({ amount: 700, currency: "usd", source: "tok_chargeDeclinedInsufficientFunds" }).catch((x: unknown) => x)) as Stripe.errors.StripeCardError;
    expect(declined.decline_code).toBe("insufficient_funds");

    const token = await h.stripe.tokens.create({ card: { number: "4000056655665556", exp_month: "12", exp_year: "2031", cvc: "123" } } as Stripe.TokenCreateParams);
    expect(token.card?.funding).toBe("debit");
    const customer = await h.stripe.customers.create({ email: "sources@example.com" });
    const card = (await h.stripe.customers.createSource(customer.id, { source: token.id })) as Stripe.Card;
    expect(card.last4).toBe("5556");
    const reused = (await h.stripe.customers.createSource(customer.id, { source: token.id }).catch((x: unknown) => x)) as Stripe.errors.StripeError;
    expect(reused.statusCode).toBe(400);
    expect((await h.stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({ default_source: card.id });
    const byCustomer = await h.stripe.charges.create({ amount: 800, currency: "usd", customer: customer.id });
    expect(byCustomer.payment_method).toBe(card.id);
    const updated = (await h.stripe.customers.updateSource(customer.id, card.id, { metadata: { k: "v" } })) as Stripe.Card;
    expect(updated.metadata).toEqual({ k: "v" });
    await h.flush();
    expect(h.receiver.types()).toEqual(expect.arrayContaining(["charge.succeeded", "charge.failed", "customer.source.created", "customer.source.updated"]));

    const failing = (await h.stripe.customers.create({ source: "tok_chargeDeclined" }).catch((x: unknown) => x)) as Stripe.errors.StripeCardError;
    expect(failing.type).toBe("StripeCardError");
    const later = await h.stripe.customers.create({ source: "tok_chargeCustomerFail" });
    const fails = (await h.stripe.charges.create({ amount: 100, currency: "usd", customer: later.id }).catch((x: unknown) => x)) as Stripe.errors.StripeCardError;
    expect(fails.code).toBe("card_declined");
  });

  it("renews a subscription from the customer's default source", async () => {
    const customer = await h.stripe.customers.create({ email: "source-sub@example.com", source: "tok_mastercard" });
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: seller.monthly.id }] });
    expect(sub.status).toBe("active");
    const invoice = await h.stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(invoice.status).toBe("paid");
  });
});

describe("invoice lifecycle", () => {
  it("updates, voids, marks uncollectible, sends and deletes", async () => {
    const customer = await h.stripe.customers.create({ email: "inv@example.com" });
    const make = async (extra: Partial<Stripe.InvoiceCreateParams> = {}) => {
      await h.stripe.invoiceItems.create({ customer: customer.id, amount: 2000, currency: "usd" });
      return h.stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: "include", ...extra });
    };
    const a = await make();
    expect((await h.stripe.invoices.update(a.id, { metadata: { foo: "bar" } })).metadata).toEqual({ foo: "bar" });
    await h.stripe.invoices.finalizeInvoice(a.id);
    expect((await h.stripe.invoices.voidInvoice(a.id)).status).toBe("void");
    const b = await make();
    await h.stripe.invoices.finalizeInvoice(b.id);
    expect((await h.stripe.invoices.markUncollectible(b.id)).status).toBe("uncollectible");
    const c = await make({ collection_method: "send_invoice", days_until_due: 7 });
    const sent = await h.stripe.invoices.sendInvoice(c.id);
    expect(sent.status).toBe("open");
    expect(sent.due_date).toBeGreaterThan(sent.created);
    const d = await make();
    expect((await h.stripe.invoices.del(d.id)).deleted).toBe(true);
    const item = await h.stripe.invoiceItems.create({ customer: customer.id, amount: 100, currency: "usd" });
    expect((await h.stripe.invoiceItems.del(item.id)).deleted).toBe(true);
    await h.flush();
    expect(h.receiver.types()).toEqual(
      expect.arrayContaining(["invoice.updated", "invoice.voided", "invoice.marked_uncollectible", "invoice.sent", "invoice.deleted", "invoiceitem.deleted"]),
    );
  });
});
