import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { startHarness, setupSeller, type Harness } from "./helpers.js";

let h: Harness;
let seller: Awaited<ReturnType<typeof setupSeller>>;
beforeAll(async () => {
  h = await startHarness();
  seller = await setupSeller(h);
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  await h.flush();
  h.receiver.clear();
});

async function paymentSession(extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  return h.stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: seller.price.id, quantity: 1 }],
    success_url: "http://app.test/success?session_id={CHECKOUT_SESSION_ID}",
    cancel_url: "http://app.test/cancel",
    client_reference_id: "order_1",
    metadata: { item: "42" },
    payment_intent_data: {
      application_fee_amount: 300,
      transfer_data: { destination: seller.account.id },
      metadata: { item: "42" },
    },
    ...extra,
  });
}

/** Submits the hosted Checkout form like a browser would. */
async function submitPage(session: Stripe.Checkout.Session, card: string, email = "buyer@example.com") {
  const page = await fetch(session.url!);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('<label for="cardNumber">Card number</label>');
  expect(html).toContain('<label for="email">Email</label>');
  const res = await fetch(session.url!, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, cardNumber: card, cardExpiry: "12 / 34", cardCvc: "123" }).toString(),
  });
  return { status: res.status, location: res.headers.get("location"), html: await res.text() };
}

describe("payment mode", () => {
  it("pays with 4242 on the hosted page, redirects and moves the money", async () => {
    const session = await paymentSession();
    expect(session.url).toBe(`${h.server.url}/checkout/${session.id}`);
    expect(session.status).toBe("open");
    expect(session.amount_total).toBe(2000);
    const result = await submitPage(session, "4242 4242 4242 4242");
    expect(result.status).toBe(303);
    expect(result.location).toBe(`http://app.test/success?session_id=${session.id}`);

    const done = await h.stripe.checkout.sessions.retrieve(session.id, { expand: ["payment_intent.latest_charge"] });
    expect(done.status).toBe("complete");
    expect(done.payment_status).toBe("paid");
    expect(done.customer_details?.email).toBe("buyer@example.com");
    expect(done.client_reference_id).toBe("order_1");
    const pi = done.payment_intent as Stripe.PaymentIntent;
    expect(pi.status).toBe("succeeded");
    expect(pi.application_fee_amount).toBe(300);
    expect(pi.metadata).toEqual({ item: "42" });
    const charge = pi.latest_charge as Stripe.Charge;
    expect(charge.paid).toBe(true);
    expect(charge.transfer_data?.destination).toBe(seller.account.id);

    const fees = await h.stripe.applicationFees.list({ charge: charge.id });
    expect(fees.data).toHaveLength(1);
    expect(fees.data[0].amount).toBe(300);
    const transfers = await h.stripe.transfers.list({ destination: seller.account.id });
    expect(transfers.data[0].amount).toBe(2000);

    const balance = await h.stripe.balance.retrieve({}, { stripeAccount: seller.account.id });
    expect(balance.pending.find((b) => b.currency === "usd")?.amount).toBe(1700);

    await h.flush();
    expect(h.receiver.types("platform")).toEqual([
      "payment_intent.created",
      "charge.succeeded",
      "payment_intent.succeeded",
      "application_fee.created",
      "transfer.created",
      "checkout.session.completed",
    ]);
    const completed = h.receiver.events("checkout.session.completed")[0];
    expect((completed.data.object as Stripe.Checkout.Session).id).toBe(session.id);
    expect(completed.api_version).toBe(Stripe.API_VERSION);
    expect(completed.livemode).toBe(false);
  });

  it("declines 4000 0000 0000 0002 with Stripe's message and nothing paid", async () => {
    const session = await paymentSession();
    const result = await submitPage(session, "4000000000000002");
    expect(result.location).toBeNull();
    expect(result.html).toContain('role="alert"');
    expect(result.html).toContain("Your card was declined.");
    const after = await h.stripe.checkout.sessions.retrieve(session.id);
    expect(after.status).toBe("open");
    expect(after.payment_status).toBe("unpaid");
    const charges = await h.stripe.charges.list({ payment_intent: after.payment_intent as string });
    expect(charges.data.every((c) => c.status === "failed" && !c.paid)).toBe(true);
    await h.flush();
    expect(h.receiver.types()).not.toContain("checkout.session.completed");
    expect(h.receiver.types()).toContain("payment_intent.payment_failed");

    // the same session can still be paid
    const ok = await h.control<{ status: string }>(`checkout/sessions/${session.id}/pay`, { card: "4242424242424242", email: "b@example.com" });
    expect(ok.body.status).toBe("succeeded");
  });

  it("reports declines through the pay control", async () => {
    const session = await paymentSession();
    const res = await h.control<{ status: string; message: string }>(`checkout/sessions/${session.id}/pay`, { card: "4000000000000002", email: "c@example.com" });
    expect(res.body.status).toBe("declined");
    expect(res.body.message).toBe("Your card was declined.");
  });

  it("succeeds then disputes with 4000 0000 0000 0259", async () => {
    const session = await paymentSession();
    const res = await h.control<{ status: string }>(`checkout/sessions/${session.id}/pay`, { card: "4000000000000259", email: "d@example.com" });
    expect(res.body.status).toBe("succeeded");
    await h.flush();
    const types = h.receiver.types();
    expect(types.indexOf("charge.dispute.created")).toBeGreaterThan(types.indexOf("checkout.session.completed"));
    const dispute = h.receiver.events("charge.dispute.created")[0].data.object as Stripe.Dispute;
    expect(dispute.status).toBe("needs_response");
    const charge = await h.stripe.charges.retrieve(dispute.charge as string);
    expect(charge.disputed).toBe(true);
    const closed = await h.control<Stripe.Dispute>(`charges/${charge.id}/dispute`, { outcome: "lost" });
    expect(closed.body.status).toBe("lost");
    await h.flush();
    expect(h.receiver.events("charge.dispute.closed")).toHaveLength(1);
  });

  it("refunds partially and fully", async () => {
    const session = await paymentSession();
    await h.control(`checkout/sessions/${session.id}/pay`, { card: "4242424242424242", email: "r@example.com" });
    const s = await h.stripe.checkout.sessions.retrieve(session.id);
    const partial = await h.stripe.refunds.create({ payment_intent: s.payment_intent as string, amount: 500 });
    expect(partial.amount).toBe(500);
    let charge = await h.stripe.charges.retrieve(partial.charge as string);
    expect(charge.amount_refunded).toBe(500);
    expect(charge.refunded).toBe(false);
    const rest = await h.stripe.refunds.create({ charge: charge.id });
    expect(rest.amount).toBe(1500);
    charge = await h.stripe.charges.retrieve(charge.id);
    expect(charge.refunded).toBe(true);
    const tooMuch = (await h.stripe.refunds.create({ charge: charge.id }).catch((x: unknown) => x)) as Stripe.errors.StripeError;
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.code).toBe("charge_already_refunded");
    await h.flush();
    expect(h.receiver.events("charge.refunded")).toHaveLength(2);
    expect(h.receiver.events("refund.created")).toHaveLength(2);
  });

  it("lists line items, expires sessions and rejects bad input", async () => {
    const session = await paymentSession({
      line_items: [{ price_data: { currency: "jpy", unit_amount: 1500, product_data: { name: "Yen thing" } }, quantity: 2 }],
      payment_intent_data: undefined,
    });
    expect(session.amount_total).toBe(3000);
    expect(session.currency).toBe("jpy");
    const items = await h.stripe.checkout.sessions.listLineItems(session.id);
    expect(items.data[0]).toMatchObject({ quantity: 2, amount_total: 3000, description: "Yen thing" });
    const expired = await h.stripe.checkout.sessions.expire(session.id);
    expect(expired.status).toBe("expired");
    const pay = await h.control(`checkout/sessions/${session.id}/pay`, { card: "4242424242424242", email: "e@example.com" });
    expect(pay.status).toBe(400);
    const bad = (await h.stripe.checkout.sessions
      .create({ mode: "payment", success_url: "http://x", line_items: [{ price: seller.monthly.id, quantity: 1 }] })
      .catch((x: unknown) => x)) as Stripe.errors.StripeError;
    expect(bad.statusCode).toBe(400);
    const fresh = await h.stripe.accounts.create({ type: "express" });
    const notReady = (await paymentSession({
      payment_intent_data: { application_fee_amount: 100, transfer_data: { destination: fresh.id } },
    }).catch((x: unknown) => x)) as Stripe.errors.StripeError;
    expect(notReady.statusCode).toBe(400);
    expect(notReady.param).toBe("payment_intent_data[transfer_data][destination]");
    const page = await fetch(`${h.server.url}/checkout/${session.id}`);
    expect(await page.text()).toContain("expired");
  });
});

describe("subscription mode", () => {
  it("creates customer, subscription and paid invoice with the fee percent", async () => {
    const session = await h.stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: seller.monthly.id, quantity: 1 }],
      success_url: "http://app.test/ok?cs={CHECKOUT_SESSION_ID}",
      customer_email: "sub@example.com",
      subscription_data: { application_fee_percent: 12.5, transfer_data: { destination: seller.account.id }, metadata: { item: "7" } },
    });
    const res = await submitPage(session, "4242424242424242", "ignored@example.com");
    expect(res.location).toBe(`http://app.test/ok?cs=${session.id}`);
    const done = await h.stripe.checkout.sessions.retrieve(session.id, { expand: ["subscription"] });
    const sub = done.subscription as Stripe.Subscription;
    expect(sub.status).toBe("active");
    expect(sub.metadata).toEqual({ item: "7" });
    expect(sub.application_fee_percent).toBe(12.5);
    expect(sub.items.data[0].current_period_end).toBeGreaterThan(sub.items.data[0].current_period_start);
    const invoice = await h.stripe.invoices.retrieve(done.invoice as string);
    expect(invoice.status).toBe("paid");
    expect(invoice.amount_paid).toBe(2000);
    expect(invoice.parent?.subscription_details?.subscription).toBe(sub.id);
    const customer = await h.stripe.customers.retrieve(done.customer as string);
    expect((customer as Stripe.Customer).email).toBe("sub@example.com");
    await h.flush();
    const types = h.receiver.types("platform");
    const order = ["customer.created", "customer.subscription.created", "invoice.paid", "invoice.payment_succeeded", "checkout.session.completed"];
    const idx = order.map((t) => types.indexOf(t));
    expect(idx.every((i) => i >= 0)).toBe(true);
    expect([...idx].sort((a, b) => a - b)).toEqual(idx);
    const fee = h.receiver.events("application_fee.created")[0].data.object as Stripe.ApplicationFee;
    expect(fee.amount).toBe(250);
  });

  it("starts a trial without charging and lets the customer cancel via DELETE", async () => {
    const session = await h.stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: seller.monthly.id, quantity: 1 }],
      success_url: "http://app.test/ok",
      subscription_data: { trial_period_days: 14 },
    });
    expect(session.amount_total).toBe(0);
    await h.control(`checkout/sessions/${session.id}/pay`, { card: "4242424242424242", email: "trial@example.com" });
    const done = await h.stripe.checkout.sessions.retrieve(session.id);
    expect(done.payment_status).toBe("no_payment_required");
    const sub = await h.stripe.subscriptions.retrieve(done.subscription as string);
    expect(sub.status).toBe("trialing");
    expect(sub.trial_end! - sub.trial_start!).toBe(14 * 86400);
    const updated = await h.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    expect(updated.cancel_at_period_end).toBe(true);
    const canceled = await h.stripe.subscriptions.cancel(sub.id);
    expect(canceled.status).toBe("canceled");
    await h.flush();
    const upd = h.receiver.events("customer.subscription.updated").find((e) => (e.data.object as Stripe.Subscription).id === sub.id)!;
    expect(upd.data.previous_attributes).toMatchObject({ cancel_at_period_end: false });
    expect(h.receiver.events("customer.subscription.deleted").map((e) => (e.data.object as Stripe.Subscription).id)).toContain(sub.id);
  });

  it("does not create anything when the card is declined", async () => {
    const session = await h.stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: seller.monthly.id, quantity: 1 }],
      success_url: "http://app.test/ok",
    });
    const before = (await h.stripe.subscriptions.list({ status: "all", limit: 100 })).data.length;
    const res = await submitPage(session, "4000000000000002", "nope@example.com");
    expect(res.html).toContain("Your card was declined.");
    expect((await h.stripe.subscriptions.list({ status: "all", limit: 100 })).data.length).toBe(before);
  });
});
