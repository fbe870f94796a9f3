import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { startHarness, setupSeller, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function get(url: string) {
  const res = await fetch(url, { redirect: "manual" });
  return { status: res.status, location: res.headers.get("location"), html: await res.text() };
}

async function post(url: string, form: Record<string, string>) {
  const res = await fetch(url, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, location: res.headers.get("location"), html: await res.text() };
}

describe("Express onboarding", () => {
  it("completes the account from the hosted form and uses the link once", async () => {
    const acct = await h.stripe.accounts.create({
      controller: { stripe_dashboard: { type: "express" }, fees: { payer: "application" }, losses: { payments: "application" } },
    });
    expect(acct.type).toBe("express");
    expect(acct.charges_enabled).toBe(false);
    expect(acct.requirements?.currently_due?.length).toBeGreaterThan(0);
    const link = await h.stripe.accountLinks.create({
      account: acct.id,
      type: "account_onboarding",
      refresh_url: "http://app.test/refresh",
      return_url: "http://app.test/return",
    });
    expect(link.expires_at).toBeGreaterThan(link.created);
    const page = await get(link.url);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<label for="businessName">Business name</label>');
    expect(page.html).toMatch(/<button type="submit">/);
    const done = await post(link.url, { businessName: "Jane's Courses", email: "jane@example.com" });
    expect(done.status).toBe(303);
    expect(done.location).toBe("http://app.test/return");
    const after = await h.stripe.accounts.retrieve(acct.id);
    expect(after).toMatchObject({ details_submitted: true, charges_enabled: true, payouts_enabled: true, email: "jane@example.com" });
    expect(after.business_profile?.name).toBe("Jane's Courses");
    const reused = await get(link.url);
    expect(reused.status).toBe(303);
    expect(reused.location).toBe("http://app.test/refresh");
    await h.flush();
    const updates = h.receiver.received.filter((r) => r.event.type === "account.updated" && r.event.account === acct.id);
    expect(updates.length).toBe(1);
    expect(updates[0].endpoint).toBe("connect");
  });

  it("sends an expired link to refresh_url", async () => {
    const acct = await h.stripe.accounts.create({ type: "express" });
    const link = await h.stripe.accountLinks.create({ account: acct.id, type: "account_onboarding", refresh_url: "http://app.test/refresh2", return_url: "http://app.test/r" });
    await h.control("clock/advance", { seconds: 301 });
    const res = await get(link.url);
    expect(res.location).toBe("http://app.test/refresh2");
  });
});

describe("Express dashboard", () => {
  it("shows balance, payments and payouts through a login link", async () => {
    const seller = await setupSeller(h, 5000);
    const session = await h.stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ price: seller.price.id, quantity: 1 }],
      success_url: "http://app.test/s",
      payment_intent_data: { application_fee_amount: 500, transfer_data: { destination: seller.account.id } },
    });
    await h.control(`checkout/sessions/${session.id}/pay`, { card: "4242424242424242", email: "x@example.com" });
    const login = await h.stripe.accounts.createLoginLink(seller.account.id);
    expect(login.url).toContain(`/express/dashboard/${seller.account.id}/`);
    let page = await get(login.url);
    expect(page.status).toBe(200);
    expect(page.html).toContain("<h2 id=\"balance-heading\">Balance</h2>");
    expect(page.html).toContain("$50.00");
    expect(page.html).toContain("$45.00");
    const bal = await h.stripe.balance.retrieve({}, { stripeAccount: seller.account.id });
    expect(bal.pending[0].amount).toBe(4500);
    expect(bal.available[0].amount).toBe(0);
    // funds become available after two days; then they can be paid out
    await h.control("clock/advance", { seconds: 3 * 86400 });
    const avail = await h.stripe.balance.retrieve({}, { stripeAccount: seller.account.id });
    expect(avail.available[0].amount).toBe(4500);
    const payout = await h.stripe.payouts.create({ amount: 4000, currency: "usd" }, { stripeAccount: seller.account.id });
    expect(payout.status).toBe("pending");
    const payouts = await h.stripe.payouts.list({}, { stripeAccount: seller.account.id });
    expect(payouts.data.map((p) => p.id)).toEqual([payout.id]);
    page = await get(login.url);
    expect(page.html).toContain("$40.00");
    const bad = await get(login.url.replace(/\/[^/]+$/, "/wrongtoken"));
    expect(bad.status).toBe(404);
    const txns = await h.stripe.balanceTransactions.list({}, { stripeAccount: seller.account.id });
    expect(txns.data.map((t) => t.type).sort()).toEqual(["payment", "payout"]);
  });
});

describe("billing portal", () => {
  it("lists subscriptions, cancels at period end and resumes", async () => {
    const seller = await setupSeller(h, 900);
    const session = await h.stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: seller.monthly.id, quantity: 1 }],
      success_url: "http://app.test/s",
    });
    await h.control(`checkout/sessions/${session.id}/pay`, { card: "4242424242424242", email: "portal@example.com" });
    const s = await h.stripe.checkout.sessions.retrieve(session.id);
    const portal = await h.stripe.billingPortal.sessions.create({ customer: s.customer as string, return_url: "http://app.test/account" });
    expect(portal.url).toBe(`${h.server.url}/billing/portal/${portal.id}`);
    let page = await get(portal.url);
    expect(page.html).toContain("Course");
    expect(page.html).toContain('href="http://app.test/account"');
    expect(page.html).toContain(">Cancel Course</button>");
    const cancel = await post(portal.url, { subscription: s.subscription as string, action: "cancel" });
    expect(cancel.status).toBe(303);
    let sub = await h.stripe.subscriptions.retrieve(s.subscription as string);
    expect(sub.cancel_at_period_end).toBe(true);
    page = await get(portal.url);
    expect(page.html).toContain(">Renew Course</button>");
    await post(portal.url, { subscription: sub.id, action: "resume" });
    sub = await h.stripe.subscriptions.retrieve(sub.id);
    expect(sub.cancel_at_period_end).toBe(false);
    await h.flush();
    const updates = h.receiver.events("customer.subscription.updated").filter((e) => (e.data.object as Stripe.Subscription).id === sub.id);
    expect(updates.map((e) => (e.data.previous_attributes as { cancel_at_period_end?: boolean }).cancel_at_period_end)).toEqual([false, true]);
  });
});
