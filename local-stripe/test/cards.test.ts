import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import fs from "node:fs";
import Stripe from "stripe";
import { TEST_CARDS, TOKENS, cardForTestId, luhn } from "../cards.js";
import { startHarness, type Harness } from "./helpers.js";

let h: Harness;
let price: Stripe.Price;

beforeAll(async () => {
  h = await startHarness();
  const product = await h.stripe.products.create({ name: "Cards" });
  price = await h.stripe.prices.create({ product: product.id, unit_amount: 1200, currency: "usd", recurring: { interval: "month" } });
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  await h.flush();
  h.receiver.clear();
});

type Failure = { code?: string; decline_code?: string; type?: string; statusCode?: number; message?: string; raw?: { charge?: string } };

async function attempt<T>(p: Promise<T>): Promise<{ ok: T } | { err: Failure }> {
  try {
    return { ok: await p };
  } catch (e) {
    return { err: e as Failure };
  }
}

async function pay(pm: string, opts: Partial<Stripe.PaymentIntentCreateParams> = {}) {
  return attempt(h.stripe.paymentIntents.create({ amount: 1000, currency: "usd", payment_method: pm, confirm: true, ...opts }));
}

async function declined(pm: string, opts: Partial<Stripe.PaymentIntentCreateParams> = {}): Promise<Failure> {
  const r = await pay(pm, opts);
  if ("ok" in r) throw new Error(`${pm} was not declined (${r.ok.status})`);
  return r.err;
}

async function chargeOf(pi: Stripe.PaymentIntent): Promise<Stripe.Charge> {
  return h.stripe.charges.retrieve(pi.latest_charge as string);
}

async function succeeded(pm: string, opts: Partial<Stripe.PaymentIntentCreateParams> = {}): Promise<Stripe.Charge> {
  const r = await pay(pm, opts);
  if ("err" in r) throw new Error(`${pm} failed: ${r.err.code} ${r.err.message}`);
  expect(r.ok.status).toBe("succeeded");
  return chargeOf(r.ok);
}

describe("the table", () => {
  it("has Luhn-valid numbers and every test id names one card", () => {
    for (const row of TEST_CARDS) {
      expect(luhn(row.number), row.number).toBe(true);
      for (const id of [...row.pm, ...row.tok]) expect(TOKENS[id]).toBe(row.number);
    }
    const ids = TEST_CARDS.flatMap((r) => [...r.pm, ...r.tok]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ["pm_card_visa", "pm_card_us", "pm_card_gb", "pm_card_de", "pm_card_jp", "pm_card_br", "pm_card_visa_debit", "pm_card_mastercard", "pm_card_amex", "pm_card_discover", "pm_card_jcb", "pm_card_diners", "pm_card_unionpay"]) {
      expect(cardForTestId(id), id).not.toBeNull();
    }
  });

  it("is the README's Test cards table", () => {
    const readme = fs.readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("## Test cards"), readme.indexOf("## Hosted pages"));
    for (const row of TEST_CARDS) {
      const line = section.split("\n").find((l) => l.startsWith(`| \`${row.number.replace(/(\d{4})(?=\d)/g, "$1 ")}\``));
      expect(line, row.number).toBeTruthy();
      for (const id of [...row.pm, ...row.tok]) expect(line, id).toContain(`\`${id}\``);
    }
  });
});

describe("documented outcomes through the SDK", () => {
  it("succeeds with brand and country cards, with their brand, funding and country", async () => {
    const cases: Array<[string, string, string, string]> = [
      ["pm_card_visa", "visa", "credit", "US"],
      ["pm_card_visa_debit", "visa", "debit", "US"],
      ["pm_card_mastercard", "mastercard", "credit", "US"],
      ["pm_card_mastercard_prepaid", "mastercard", "prepaid", "US"],
      ["pm_card_amex", "amex", "credit", "US"],
      ["pm_card_discover", "discover", "credit", "US"],
      ["pm_card_jcb", "jcb", "credit", "JP"],
      ["pm_card_diners", "diners", "credit", "US"],
      ["pm_card_unionpay", "unionpay", "credit", "CN"],
      ["pm_card_gb", "visa", "credit", "GB"],
      ["pm_card_gb_debit", "visa", "debit", "GB"],
      ["pm_card_de", "visa", "credit", "DE"],
      ["pm_card_fr", "visa", "credit", "FR"],
      ["pm_card_br", "visa", "credit", "BR"],
      ["pm_card_ca", "visa", "credit", "CA"],
      ["pm_card_mx", "visa", "credit", "MX"],
      ["pm_card_au", "visa", "credit", "AU"],
      ["pm_card_jp", "visa", "credit", "JP"],
      ["pm_card_ae_mastercard", "mastercard", "credit", "AE"],
    ];
    for (const [pm, brand, funding, country] of cases) {
      const charge = await succeeded(pm);
      expect(charge.payment_method_details?.card, pm).toMatchObject({ brand, funding, country });
      const method = await h.stripe.paymentMethods.retrieve(charge.payment_method as string);
      expect(method.card, pm).toMatchObject({ brand, funding, country, last4: TOKENS[pm].slice(-4) });
    }
  });

  it("declines with the documented error and decline codes, leaving a failed charge", async () => {
    const cases: Array<[string, string, string]> = [
      ["pm_card_visa_chargeDeclined", "card_declined", "generic_decline"],
      ["pm_card_chargeDeclined", "card_declined", "generic_decline"],
      ["pm_card_visa_chargeDeclinedInsufficientFunds", "card_declined", "insufficient_funds"],
      ["pm_card_visa_chargeDeclinedLostCard", "card_declined", "lost_card"],
      ["pm_card_visa_chargeDeclinedStolenCard", "card_declined", "stolen_card"],
      ["pm_card_chargeDeclinedExpiredCard", "expired_card", "expired_card"],
      ["pm_card_chargeDeclinedIncorrectCvc", "incorrect_cvc", "incorrect_cvc"],
      ["pm_card_chargeDeclinedProcessingError", "processing_error", "processing_error"],
      ["pm_card_visa_chargeDeclinedVelocityLimitExceeded", "card_declined", "card_velocity_exceeded"],
      ["pm_card_chargeCustomerFail", "card_declined", "generic_decline"],
      ["pm_card_radarBlock", "card_declined", "fraudulent"],
      ["pm_card_riskLevelHighest", "card_declined", "fraudulent"],
      ["pm_card_authenticationRequiredChargeDeclinedInsufficientFunds", "card_declined", "insufficient_funds"],
      ["pm_card_threeDSecureRequiredChargeDeclined", "card_declined", "generic_decline"],
    ];
    for (const [pm, code, declineCode] of cases) {
      const e = await declined(pm);
      expect(e.type, pm).toBe("StripeCardError");
      expect(e.statusCode, pm).toBe(402);
      expect({ code: e.code, decline_code: e.decline_code }, pm).toEqual({ code, decline_code: declineCode });
      const charge = await h.stripe.charges.retrieve(e.raw!.charge!);
      expect(charge.status).toBe("failed");
      expect(charge.failure_code).toBe(code);
    }
    const blocked = await declined("pm_card_radarBlock");
    const charge = await h.stripe.charges.retrieve(blocked.raw!.charge!);
    expect(charge.outcome).toMatchObject({ type: "blocked", risk_level: "highest", network_status: "not_sent_to_network" });
    await h.flush();
    expect(h.receiver.types()).toContain("charge.failed");
    expect(h.receiver.types()).toContain("payment_intent.payment_failed");
  });

  it("keeps cards of the declined table off customers, but attaches chargeCustomerFail", async () => {
    const customer = await h.stripe.customers.create({ email: "attach@example.com" });
    for (const pm of ["pm_card_visa_chargeDeclined", "pm_card_visa_chargeDeclinedInsufficientFunds", "pm_card_chargeDeclinedExpiredCard", "pm_card_chargeDeclinedProcessingError"]) {
      const r = await attempt(h.stripe.paymentMethods.attach(pm, { customer: customer.id }));
      expect("err" in r && r.err.type, pm).toBe("StripeCardError");
    }
    const ok = await h.stripe.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: customer.id });
    expect(ok.customer).toBe(customer.id);
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: ok.id });
    expect(sub.status).toBe("incomplete");
    const invoice = await h.stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(invoice.status).toBe("open");
    await h.flush();
    expect(h.receiver.types()).toContain("invoice.payment_failed");
  });

  it("reports risk and verification checks on successful charges", async () => {
    expect((await succeeded("pm_card_riskLevelElevated")).outcome?.risk_level).toBe("elevated");
    expect((await succeeded("pm_card_cvcCheckFail")).payment_method_details?.card?.checks?.cvc_check).toBe("fail");
    expect((await succeeded("pm_card_avsZipFail")).payment_method_details?.card?.checks?.address_postal_code_check).toBe("fail");
    expect((await succeeded("pm_card_avsLine1Fail")).payment_method_details?.card?.checks?.address_line1_check).toBe("fail");
    expect((await succeeded("pm_card_avsUnchecked")).payment_method_details?.card?.checks).toMatchObject({ address_line1_check: "unavailable", address_postal_code_check: "unavailable" });
  });

  it("opens disputes and inquiries after the charge; an inquiry withdraws nothing", async () => {
    const fraud = await succeeded("pm_card_createDispute");
    const pnr = await succeeded("pm_card_createDisputeProductNotReceived");
    const inquiry = await succeeded("pm_card_createDisputeInquiry");
    const [d1] = (await h.stripe.disputes.list({ charge: fraud.id })).data;
    const [d2] = (await h.stripe.disputes.list({ charge: pnr.id })).data;
    const [d3] = (await h.stripe.disputes.list({ payment_intent: inquiry.payment_intent as string })).data;
    expect(d1).toMatchObject({ status: "needs_response", reason: "fraudulent" });
    expect(d1.balance_transactions).toHaveLength(1);
    expect(d1.balance_transactions[0].amount).toBe(-1000);
    expect(d2).toMatchObject({ status: "needs_response", reason: "product_not_received" });
    expect(d3).toMatchObject({ status: "warning_needs_response", balance_transactions: [], is_charge_refundable: true });
    await h.flush();
    const types = h.receiver.types();
    expect(types.filter((t) => t === "charge.dispute.created")).toHaveLength(3);
    expect(types.filter((t) => t === "charge.dispute.funds_withdrawn")).toHaveLength(2);
    // closing an inquiry: warning_closed, no money either way
    const closed = await h.stripe.disputes.close(d3.id);
    expect(closed.status).toBe("warning_closed");
    expect(closed.balance_transactions).toEqual([]);
  });

  it("wins or loses a dispute with Stripe's evidence test values", async () => {
    const won = await succeeded("pm_card_createDispute");
    const lost = await succeeded("pm_card_createDispute");
    const [dw] = (await h.stripe.disputes.list({ charge: won.id })).data;
    const [dl] = (await h.stripe.disputes.list({ charge: lost.id })).data;
    const a = await h.stripe.disputes.update(dw.id, { evidence: { uncategorized_text: "winning_evidence" } });
    expect(a.status).toBe("won");
    expect(a.balance_transactions.map((t) => t.amount)).toEqual([-1000, 1000]);
    const b = await h.stripe.disputes.update(dl.id, { evidence: { uncategorized_text: "losing_evidence" } });
    expect(b.status).toBe("lost");
    const other = await succeeded("pm_card_createDispute");
    const [dr] = (await h.stripe.disputes.list({ charge: other.id })).data;
    const c = await h.stripe.disputes.update(dr.id, { evidence: { product_description: "A course" }, metadata: { case: "1" } });
    expect(c.status).toBe("under_review");
    expect(c.evidence_details.submission_count).toBe(1);
    await h.flush();
    expect(h.receiver.events("charge.dispute.closed").map((e) => (e.data.object as Stripe.Dispute).status).sort()).toEqual(["lost", "won"]);
    expect(h.receiver.types()).toContain("charge.dispute.funds_reinstated");
    const updated = h.receiver.events("charge.dispute.updated").find((e) => (e.data.object as Stripe.Dispute).id === dr.id);
    expect(updated?.data.previous_attributes).toMatchObject({ status: "needs_response" });
  });

  it("sends an early fraud warning for the issuer fraud record card", async () => {
    const charge = await succeeded("pm_card_createIssuerFraudRecord");
    await h.flush();
    const efw = h.receiver.events("radar.early_fraud_warning.created")[0]?.data.object as Stripe.Radar.EarlyFraudWarning;
    expect(efw.charge).toBe(charge.id);
    expect((await h.stripe.radar.earlyFraudWarnings.list({ charge: charge.id })).data.map((w) => w.id)).toEqual([efw.id]);
  });

  it("puts bypassPending funds in the available balance right away", async () => {
    const before = await h.stripe.balance.retrieve();
    const charge = await succeeded("pm_card_bypassPending");
    const txn = await h.stripe.balanceTransactions.retrieve(charge.balance_transaction as string);
    expect(txn.status).toBe("available");
    const after = await h.stripe.balance.retrieve();
    const usd = (b: Stripe.Balance) => b.available.find((x) => x.currency === "usd")?.amount ?? 0;
    expect(usd(after) - usd(before)).toBe(1000);
    const normal = await succeeded("pm_card_visa");
    expect((await h.stripe.balanceTransactions.retrieve(normal.balance_transaction as string)).status).toBe("pending");
    await h.flush();
    expect(h.receiver.types()).toContain("balance.available");
  });

  it("refunds asynchronously with refundFail and pendingRefund", async () => {
    const failing = await succeeded("pm_card_refundFail");
    const r1 = await h.stripe.refunds.create({ charge: failing.id });
    expect(r1.status).toBe("succeeded");
    const r1Later = await h.stripe.refunds.retrieve(r1.id);
    expect(r1Later.status).toBe("failed");
    expect(r1Later.failure_reason).toBeTruthy();
    expect((await h.stripe.charges.retrieve(failing.id)).amount_refunded).toBe(0);
    const pending = await succeeded("pm_card_pendingRefund");
    const r2 = await h.stripe.refunds.create({ charge: pending.id });
    expect(r2.status).toBe("pending");
    expect((await h.stripe.refunds.retrieve(r2.id)).status).toBe("succeeded");
    await h.flush();
    const updates = h.receiver.events("charge.refund.updated").map((e) => [(e.data.object as Stripe.Refund).id, (e.data.object as Stripe.Refund).status]);
    expect(updates).toEqual(expect.arrayContaining([[r1.id, "failed"], [r2.id, "succeeded"]]));
    expect(h.receiver.types()).toContain("refund.failed");
  });

  it("authenticates 3D Secure cards on-session and declines them off-session", async () => {
    const charge = await succeeded("pm_card_threeDSecure2Required");
    expect(charge.payment_method_details?.card?.three_d_secure?.result).toBe("authenticated");
    expect((await succeeded("pm_card_authenticationRequired")).payment_method_details?.card?.three_d_secure?.result).toBe("authenticated");
    expect((await succeeded("pm_card_threeDSecureOptional")).payment_method_details?.card?.three_d_secure).toBeNull();
    await succeeded("pm_card_amex_threeDSecureNotSupported");
    for (const pm of ["pm_card_threeDSecure2Required", "pm_card_authenticationRequired", "pm_card_authenticationRequiredOnSetup"]) {
      const e = await declined(pm, { off_session: true });
      expect(e.code, pm).toBe("authentication_required");
    }
    await succeeded("pm_card_authenticationRequiredSetupForOffSession", { off_session: true });
  });

  it("lets authenticationRequiredOnSetup pay off-session once set up on-session, but never authenticationRequired", async () => {
    const customer = await h.stripe.customers.create({ email: "sca@example.com" });
    const onSetup = await h.stripe.paymentMethods.attach("pm_card_authenticationRequiredOnSetup", { customer: customer.id });
    expect((await declined(onSetup.id, { customer: customer.id, off_session: true })).code).toBe("authentication_required");
    await succeeded(onSetup.id, { customer: customer.id, setup_future_usage: "off_session" });
    await succeeded(onSetup.id, { customer: customer.id, off_session: true });
    const always = await h.stripe.paymentMethods.attach("pm_card_authenticationRequired", { customer: customer.id });
    await succeeded(always.id, { customer: customer.id });
    expect((await declined(always.id, { customer: customer.id, off_session: true })).code).toBe("authentication_required");
  });

  it("asks for action when an invoice is paid off-session with a card that needs authentication", async () => {
    const customer = await h.stripe.customers.create({ email: "action@example.com" });
    const pm = await h.stripe.paymentMethods.attach("pm_card_threeDSecure2Required", { customer: customer.id });
    await h.stripe.invoiceItems.create({ customer: customer.id, amount: 700, currency: "usd" });
    const invoice = await h.stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: "include" });
    const e = (await attempt(h.stripe.invoices.pay(invoice.id, { payment_method: pm.id }))) as { err: Failure };
    expect(e.err.code).toBe("invoice_payment_intent_requires_action");
    await h.flush();
    expect(h.receiver.types()).toEqual(expect.arrayContaining(["invoice.payment_failed", "invoice.payment_action_required"]));
    // on-session the customer authenticates and the invoice is paid
    const paid = await h.stripe.invoices.pay(invoice.id, { payment_method: pm.id, off_session: false });
    expect(paid.status).toBe("paid");
  });
});
