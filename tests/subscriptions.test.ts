import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import * as mySubsRoute from "@/app/api/billing/platforms/[pk]/my-subscriptions/route";
import * as subRoute from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/subscription/route";
import * as cancelRoute from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/subscription/cancel/route";
import * as canonicalCancel from "@/app/api/billing/items/[uid]/subscription/cancel/route";
import { call } from "./support/http";
import { createUser } from "./support/fixtures";
import { useLocalStripe, type LocalStripeHarness } from "./support/local-stripe";
import { accessCheck, checkout, guestCheckout, pay, sellingPlatform } from "./support/buy";

let ls: LocalStripeHarness;
beforeAll(async () => {
  ls = await useLocalStripe();
});
afterAll(async () => {
  await ls.close();
});

describe("a learner's subscriptions", () => {
  it("lists own purchases (guest ones with the verified e-mail too), filtered and searchable", async () => {
    const s = await sellingPlatform(ls);
    const user = await db.user.create({ data: { email: `buyer-${Date.now()}@example.test`, emailVerified: new Date() } });
    const guest = await guestCheckout(s.item, { email: user.email, price_id: s.prices.once.id });
    await pay(ls, guest.json.session_id);
    await db.subscription.create({ data: { platformId: s.platform.id, itemType: "mentor", itemId: "coach", userId: user.id, email: user.email, status: "grandfathered", isGrandfathered: true } });
    const stranger = await createUser({ platformId: s.platform.id });
    await db.subscription.create({ data: { platformId: s.platform.id, itemType: "mentor", itemId: "coach", userId: stranger.id, email: stranger.email, status: "active" } });

    const all = await call(mySubsRoute.GET, { sessionUserId: user.id, params: { pk: s.pk } });
    expect(all.status).toBe(200);
    expect(all.json.count).toBe(2);
    const bought = all.json.results.find((r: { item_id: string }) => r.item_id === "masterclass");
    expect(bought).toMatchObject({ status: "active", item_name: "Masterclass", is_one_time: true, price: { name: "Lifetime", amount: "24.99" } });
    const legacy = await call(mySubsRoute.GET, { sessionUserId: user.id, params: { pk: s.pk }, query: { status: "grandfathered" } });
    expect(legacy.json.results.map((r: { is_grandfathered: boolean }) => r.is_grandfathered)).toEqual([true]);
    expect((await call(mySubsRoute.GET, { sessionUserId: user.id, params: { pk: s.pk }, query: { search: "master" } })).json.count).toBe(1);
    expect((await call(mySubsRoute.GET, { sessionUserId: user.id, params: { pk: s.pk }, query: { item_type: "mentor" } })).json.count).toBe(1);
    expect((await call(mySubsRoute.GET, { sessionUserId: user.id, params: { pk: s.pk }, query: { status: "bogus" } })).status).toBe(400);
    expect((await call(mySubsRoute.GET, { params: { pk: s.pk } })).status).toBe(401);
  });

  it("cancels one-time and grandfathered access at once; the next access check denies", async () => {
    const s = await sellingPlatform(ls);
    const learner = await createUser({ platformId: s.platform.id });
    const res = await checkout(learner.id, s.item, { price_id: s.prices.once.id });
    await pay(ls, res.json.session_id);
    expect((await accessCheck(learner.id, s.item)).status).toBe(200);

    const other = await createUser({ platformId: s.platform.id });
    expect((await call(cancelRoute.POST, { method: "POST", sessionUserId: other.id, params: s.item })).status).toBe(404);

    const canceled = await call(cancelRoute.POST, { method: "POST", sessionUserId: learner.id, params: s.item });
    expect(canceled.status).toBe(200);
    expect(canceled.json).toMatchObject({ status: "canceled", is_one_time: true });
    expect(canceled.json.canceled_at).not.toBeNull();
    const check = await accessCheck(learner.id, s.item);
    expect(check.status).toBe(402);
    expect(check.json.reason).toBe("subscription_canceled");

    const grand = await createUser({ platformId: s.platform.id });
    await db.subscription.create({ data: { platformId: s.platform.id, itemType: "course", itemId: "masterclass", userId: grand.id, email: grand.email, status: "grandfathered", isGrandfathered: true } });
    const c2 = await call(canonicalCancel.POST, { method: "POST", sessionUserId: grand.id, params: { uid: s.uid } });
    expect(c2.json.status).toBe("canceled");
    expect((await accessCheck(grand.id, s.item)).status).toBe(402);
  });

  it("sends recurring subscriptions to Stripe's billing portal; the cancel arrives by webhook", async () => {
    const s = await sellingPlatform(ls);
    const learner = await createUser({ platformId: s.platform.id });
    const res = await checkout(learner.id, s.item, { price_id: s.prices.monthly.id });
    await pay(ls, res.json.session_id);
    const portal = await call(cancelRoute.POST, { method: "POST", sessionUserId: learner.id, params: s.item, body: { return_url: "http://localhost:3000/profile?tab=purchases" } });
    expect(portal.status).toBe(200);
    expect(portal.json.portal_url).toContain(ls.url);
    const foreign = await call(cancelRoute.POST, { method: "POST", sessionUserId: learner.id, params: s.item, body: { return_url: "https://evil.example/" } });
    expect(foreign.status).toBe(200); // an unknown return URL falls back to our own Purchases page

    const subId = (await ls.stripe.checkout.sessions.retrieve(res.json.session_id)).subscription as string;
    await ls.stripe.subscriptions.update(subId, { cancel_at_period_end: true });
    await ls.flush();
    const read = await call(subRoute.GET, { sessionUserId: learner.id, params: s.item });
    expect(read.json).toMatchObject({ status: "active", cancel_at_period_end: true });
    expect((await accessCheck(learner.id, s.item)).status).toBe(200);

    await ls.control("clock/advance", { seconds: 32 * 86_400 });
    await ls.flush();
    expect((await call(subRoute.GET, { sessionUserId: learner.id, params: s.item })).json.status).toBe("canceled");
    expect((await accessCheck(learner.id, s.item)).json.reason).toBe("subscription_canceled");
  });
});
