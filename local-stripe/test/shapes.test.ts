import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import Stripe from "stripe";
import { startHarness, setupSeller, type Harness } from "./helpers.js";
import { compareShape } from "./shape.js";

const FIXTURES = new URL("./fixtures/fixtures3.json", import.meta.url).pathname;
const fixtures = fs.existsSync(FIXTURES)
  ? (JSON.parse(fs.readFileSync(FIXTURES, "utf8")) as { resources: Record<string, unknown> }).resources
  : null;

/** Fixture keys the pinned API version no longer has. */
const OPTIONAL: Record<string, string[]> = {
  // since 2025-03-31 an invoice names its subscription under parent.subscription_details
  invoice: ["subscription"],
};

let h: Harness;
const objects: Record<string, unknown> = {};

beforeAll(async () => {
  if (!fixtures) return;
  h = await startHarness();
  const s = h.stripe;
  const seller = await setupSeller(h, 2500);
  objects.account = await s.accounts.retrieve(seller.account.id);
  objects.product = seller.product;
  objects.price = seller.monthly;
  objects.account_link = await s.accountLinks.create({ account: seller.account.id, type: "account_onboarding", refresh_url: "http://a/r", return_url: "http://a/b" });
  objects.login_link = await s.accounts.createLoginLink(seller.account.id);

  const pay = await s.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: seller.price.id, quantity: 1 }],
    success_url: "http://a/s",
    payment_intent_data: { application_fee_amount: 100, transfer_data: { destination: seller.account.id } },
  });
  await h.control(`checkout/sessions/${pay.id}/pay`, { card: "4242424242424242", email: "shape@example.com" });
  const session = await s.checkout.sessions.retrieve(pay.id);
  objects["checkout.session"] = session;
  const pi = await s.paymentIntents.retrieve(session.payment_intent as string);
  objects.payment_intent = pi;
  const charge = await s.charges.retrieve(pi.latest_charge as string);
  objects.charge = charge;
  objects.item = (await s.checkout.sessions.listLineItems(pay.id)).data[0];
  objects.refund = await s.refunds.create({ charge: charge.id, amount: 100 });
  objects.application_fee = (await s.applicationFees.list({ charge: charge.id })).data[0];
  objects.transfer = (await s.transfers.list({ destination: seller.account.id })).data[0];
  objects.balance_transaction = await s.balanceTransactions.retrieve(charge.balance_transaction as string);
  objects.payment_method = await s.paymentMethods.retrieve(charge.payment_method as string);

  const sub = await s.checkout.sessions.create({ mode: "subscription", line_items: [{ price: seller.monthly.id, quantity: 1 }], success_url: "http://a/s" });
  await h.control(`checkout/sessions/${sub.id}/pay`, { card: "4242424242424242", email: "shape2@example.com" });
  const subSession = await s.checkout.sessions.retrieve(sub.id);
  objects.customer = await s.customers.retrieve(subSession.customer as string);
  objects.subscription = await s.subscriptions.retrieve(subSession.subscription as string);
  objects.invoice = await s.invoices.retrieve(subSession.invoice as string);
  objects["billing_portal.session"] = await s.billingPortal.sessions.create({ customer: subSession.customer as string, return_url: "http://a/r" });
  objects.event = (await s.events.list({ limit: 1 })).data[0];

  await h.control("clock/advance", { seconds: 3 * 86400 });
  objects.balance = await s.balance.retrieve({}, { stripeAccount: seller.account.id });
  objects.payout = await s.payouts.create({ amount: 1000, currency: "usd" }, { stripeAccount: seller.account.id });
  const disputed = await s.checkout.sessions.create({ mode: "payment", line_items: [{ price: seller.price.id, quantity: 1 }], success_url: "http://a/s" });
  await h.control(`checkout/sessions/${disputed.id}/pay`, { card: "4000000000000259", email: "shape3@example.com" });
  objects.dispute = (await s.disputes.list({ limit: 1 })).data[0];
  const ii = await s.invoiceItems.create({ customer: subSession.customer as string, amount: 100, currency: "usd" });
  objects.invoiceitem = ii;
  const coupon = await s.coupons.create({ percent_off: 25.5, duration: "repeating", duration_in_months: 3, redeem_by: Math.floor(Date.now() / 1000) + 86400 * 400 });
  objects.coupon = coupon;
  const promo = await s.promotionCodes.create({ promotion: { type: "coupon", coupon: coupon.id }, code: "FALL20", expires_at: Math.floor(Date.now() / 1000) + 86400 * 300 });
  objects.promotion_code = promo;
  const discounted = await s.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: seller.monthly.id, quantity: 1 }],
    success_url: "http://a/s",
    discounts: [{ promotion_code: promo.id }],
  });
  await h.control(`checkout/sessions/${discounted.id}/pay`, { card: "4242424242424242", email: "shape4@example.com" });
  const discountedSub = await s.subscriptions.retrieve((await s.checkout.sessions.retrieve(discounted.id)).subscription as string, { expand: ["discounts"] });
  objects.discount = discountedSub.discounts[0];
});

afterAll(async () => {
  await h?.close();
});

const TYPES = [
  "account",
  "account_link",
  "application_fee",
  "balance",
  "balance_transaction",
  "billing_portal.session",
  "charge",
  "checkout.session",
  "coupon",
  "customer",
  "discount",
  "dispute",
  "event",
  "invoice",
  "invoiceitem",
  "item",
  "login_link",
  "payment_intent",
  "payment_method",
  "payout",
  "price",
  "product",
  "promotion_code",
  "refund",
  "subscription",
  "transfer",
];

describe.skipIf(!fixtures)("object shapes match fixtures3.json", () => {
  it.each(TYPES)("%s", (type) => {
    const ours = objects[type] as Record<string, unknown> | undefined;
    expect(ours, `no ${type} built`).toBeTruthy();
    const fixture = fixtures![type] as Record<string, unknown>;
    expect(fixture).toBeTruthy();
    if ("object" in fixture) expect(ours!.object).toBe(fixture.object);
    const issues = compareShape(JSON.parse(JSON.stringify(ours)), fixture, "", [], new Set(OPTIONAL[type] ?? []));
    expect(issues).toEqual([]);
  });

  it("events carry the SDK's pinned API version", () => {
    expect((objects.event as Stripe.Event).api_version).toBe(Stripe.API_VERSION);
  });
});
