import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as revenueRoute from "@/app/api/billing/platforms/[pk]/revenue/route";
import * as subscribersRoute from "@/app/api/billing/platforms/[pk]/subscribers/route";
import * as itemSubscribers from "@/app/api/billing/items/[uid]/subscribers/route";
import { call } from "./support/http";
import { createUser } from "./support/fixtures";
import { useLocalStripe, type LocalStripeHarness } from "./support/local-stripe";
import { checkout, guestCheckout, pay, sellingPlatform } from "./support/buy";

let ls: LocalStripeHarness;
beforeAll(async () => {
  ls = await useLocalStripe();
});
afterAll(async () => {
  await ls.close();
});

describe("revenue and subscribers", () => {
  it("sums the ledger into the platform's revenue and lists subscribers to admins only", async () => {
    const s = await sellingPlatform(ls);
    const empty = await call(revenueRoute.GET, { sessionUserId: s.owner.id, params: { pk: s.pk } });
    expect(empty.json).toMatchObject({ sales_volume: "0.00", sales_count: 0, currency: "usd", by_currency: [] });

    const learner = await createUser({ platformId: s.platform.id });
    const a = await checkout(learner.id, s.item, { price_id: s.prices.once.id });
    await pay(ls, a.json.session_id);
    const b = await guestCheckout(s.item, { email: "fan@example.test", price_id: s.prices.monthly.id });
    await pay(ls, b.json.session_id);
    const session = await ls.stripe.checkout.sessions.retrieve(a.json.session_id);
    await ls.stripe.refunds.create({ payment_intent: session.payment_intent as string, amount: 499 });
    await ls.flush();

    const revenue = await call(revenueRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk } });
    // charges 24.99 + 10.00 at 25%: net 18.74 + 7.50; refund 4.99 less its 1.25 commission: -3.74
    expect(revenue.json).toMatchObject({ sales_count: 2, currency: "usd", sales_volume: "22.50" });
    expect(revenue.json.by_currency[0]).toMatchObject({ gross_volume: "34.99", commission: "7.50", refunds: "-4.99" });
    // the named figures beside them: commission net of what the refund reversed (8.75 − 1.25)
    expect(revenue.json).toMatchObject({ gross: "34.99", fees: "7.50", refunds: "-4.99", disputes: "0.00", net: "22.50" });

    const subs = await call(subscribersRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk } });
    expect(subs.json.count).toBe(2);
    const search = await call(subscribersRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk }, query: { search: "fan@" } });
    expect(search.json.results.map((r: { email: string }) => r.email)).toEqual(["fan@example.test"]);
    const perItem = await call(itemSubscribers.GET, { sessionUserId: s.owner.id, params: { uid: s.uid }, query: { status: "active" } });
    expect(perItem.json.count).toBe(2);
    // paid rows: the buyer manages billing on their purchases page; Stripe references for reconciliation
    for (const row of perItem.json.results) {
      expect(row).toMatchObject({ grandfathered_at: null, billing_portal_url: "http://localhost:3000/profile?tab=purchases" });
      expect(row.metadata.stripe_checkout_session_id).toMatch(/^cs_/);
    }
    const oneTime = perItem.json.results.find((r: { is_one_time: boolean }) => r.is_one_time);
    expect(oneTime.metadata.stripe_payment_intent_id).toMatch(/^pi_/);
    expect(oneTime.metadata.stripe_subscription_id).toBeUndefined();
    const recurring = perItem.json.results.find((r: { is_one_time: boolean }) => !r.is_one_time);
    expect(recurring.metadata.stripe_subscription_id).toMatch(/^sub_/);

    expect((await call(revenueRoute.GET, { sessionUserId: learner.id, params: { pk: s.pk } })).status).toBe(403);
    const other = await sellingPlatform(ls);
    expect((await call(revenueRoute.GET, { sessionUserId: other.owner.id, params: { pk: s.pk } })).status).toBe(404);
    expect((await call(itemSubscribers.GET, { sessionUserId: other.owner.id, params: { uid: s.uid } })).status).toBe(404);
  });
});
