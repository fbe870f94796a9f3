import { describe, expect, it, vi } from "vitest";
import pg from "pg";
import { db, dbHandle } from "@/lib/db";
import * as plansRoute from "@/app/api/billing/platforms/[pk]/plans/route";
import * as planRoute from "@/app/api/billing/platforms/[pk]/plans/[uid]/route";
import * as planPricesRoute from "@/app/api/billing/platforms/[pk]/plans/[uid]/prices/route";
import * as priceCheckoutRoute from "@/app/api/billing/items/prices/[price_uid]/checkout/route";
import * as priceGuestRoute from "@/app/api/billing/prices/[price_uid]/checkout-guest/route";
import * as decisionsRoute from "@/app/api/billing/platforms/[pk]/decisions/route";
import * as metricsRoute from "@/app/api/billing/platforms/[pk]/metrics/route";
import { PEER_ADDRESS_HEADER } from "@/lib/security/client-ip";
import { loadBuyPage } from "@/lib/checkout/buy-page";
import { call } from "./support/http";
import { createPlatform, createUser } from "./support/fixtures";
import { localStripeForFile } from "./support/local-stripe";
import { accessCheck, pay, sellingPlatform, type Item } from "./support/buy";
import { catalogItems, createPlanWithTier } from "./support/plans";

const ls = localStripeForFile();

type Selling = Awaited<ReturnType<typeof sellingPlatform>>;

/** The selling platform plus two more courses; a plan with the masterclass and "algebra" only. */
async function withPlan(s: Selling) {
  await catalogItems(s.platform.id, [
    { type: "course", id: "algebra", name: "Algebra" },
    { type: "course", id: "geometry", name: "Geometry" },
  ]);
  // geometry gets its own paywall so that "not in the plan" is a real denial, not an open item
  await db.paywall.create({ data: { platformId: s.platform.id, itemType: "course", itemId: "geometry", itemName: "Geometry", isEnabled: true } });
  await db.paywall.create({ data: { platformId: s.platform.id, itemType: "course", itemId: "algebra", itemName: "Algebra", isEnabled: true } });
  const { plan, price } = await createPlanWithTier(s.pk, s.admin.id, {
    name: "Math bundle",
    items: [
      { item_type: "course", item_id: "masterclass" },
      { item_type: "course", item_id: "algebra" },
    ],
  });
  const items = {
    masterclass: s.item,
    algebra: { pk: s.pk, type: "course", id: "algebra" } as Item,
    geometry: { pk: s.pk, type: "course", id: "geometry" } as Item,
  };
  return { plan, price, items };
}

describe("plans", { timeout: 180_000 }, () => {
  it("creates, lists, reads, edits and stops selling a plan; refuses unknown items and members", async () => {
    const s = await sellingPlatform(ls);
    await catalogItems(s.platform.id, [{ type: "course", id: "algebra", name: "Algebra" }]);
    const bad = await call(plansRoute.POST, { method: "POST", sessionUserId: s.admin.id, params: { pk: s.pk }, body: { name: "X", items: [{ item_type: "course", item_id: "nope" }] } });
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe("unknown_item");
    const empty = await call(plansRoute.POST, { method: "POST", sessionUserId: s.admin.id, params: { pk: s.pk }, body: { name: "X", items: [] } });
    expect(empty.status).toBe(400);
    expect(empty.json.code).toBe("validation_error");

    const member = await createUser({ platformId: s.platform.id, role: "member" });
    const denied = await call(plansRoute.GET, { sessionUserId: member.id, params: { pk: s.pk } });
    expect(denied.status).toBe(403);

    const created = await call(plansRoute.POST, {
      method: "POST",
      sessionUserId: s.admin.id,
      params: { pk: s.pk },
      body: { name: "Bundle", description: "Two courses", items: [{ item_type: "course", item_id: "masterclass" }, { item_type: "course", item_id: "algebra" }, { item_type: "course", item_id: "algebra" }] },
    });
    expect(created.status).toBe(201);
    const plan = created.json;
    expect(plan).toMatchObject({ name: "Bundle", description: "Two courses", covers_all_items: false, is_enabled: true, subscriber_count: 0, prices: [] });
    expect(plan.share_url).toBe(`http://localhost:3000/buy/${plan.id}`);
    // de-duplicated, with the catalog's names
    expect(plan.items).toEqual([
      { item_type: "course", item_id: "masterclass", name: "Masterclass" },
      { item_type: "course", item_id: "algebra", name: "Algebra" },
    ]);
    // a real Stripe product backs it, so its tiers are Stripe prices
    const row = await db.paywall.findUniqueOrThrow({ where: { uniqueId: plan.id } });
    expect(row).toMatchObject({ itemType: "plan", itemId: plan.id, isEnabled: true });
    expect((await ls.stripe.products.retrieve(row.stripeProductId!)).name).toBe("Bundle");

    const tier = await call(planPricesRoute.POST, { method: "POST", sessionUserId: s.admin.id, params: { pk: s.pk, uid: plan.id }, body: { name: "Yearly", amount: "120.00", currency: "eur", interval: "year" } });
    expect(tier.status).toBe(201);
    expect((await ls.stripe.prices.retrieve(tier.json.stripe_price_id)).unit_amount).toBe(12000);

    const edited = await call(planRoute.PATCH, { method: "PATCH", sessionUserId: s.admin.id, params: { pk: s.pk, uid: plan.id }, body: { name: "All access", covers_all_items: true } });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ name: "All access", covers_all_items: true });
    expect(edited.json.prices.map((p: { amount: string; currency: string }) => `${p.amount} ${p.currency}`)).toEqual(["120.00 eur"]);

    const list = await call(plansRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk } });
    expect(list.json.count).toBe(1);
    expect(list.json.results[0].id).toBe(plan.id);

    // another platform's admin does not see it; an item path cannot reach it
    const other = await createPlatform();
    const stranger = await createUser({ platformId: other.id, role: "admin" });
    expect((await call(planRoute.GET, { sessionUserId: stranger.id, params: { pk: other.key, uid: plan.id } })).status).toBe(404);
    expect((await call(planRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk, uid: s.uid } })).status).toBe(404);

    expect((await call(planRoute.DELETE, { method: "DELETE", sessionUserId: s.admin.id, params: { pk: s.pk, uid: plan.id } })).status).toBe(204);
    expect((await call(planRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk, uid: plan.id } })).json.is_enabled).toBe(false);
    expect(await loadBuyPage(plan.id)).toMatchObject({ available: false });
    const audits = await db.auditLog.findMany({ where: { platformId: s.platform.id, target: plan.id }, orderBy: { createdAt: "asc" } });
    expect(audits.map((a) => a.action)).toEqual(["plan.created", "plan.updated", "plan.disabled"]);
  });

  it("a plan bought once unlocks its items and only those; canceling it locks them again", async () => {
    const s = await sellingPlatform(ls);
    const { plan, price, items } = await withPlan(s);
    const learner = await createUser({ platformId: s.platform.id });

    for (const item of Object.values(items)) {
      const before = await accessCheck(learner.id, item);
      expect(before.status).toBe(402);
    }
    // the denial offers the plan next to the item's own tiers, but not on an item it lacks
    const offer = await accessCheck(learner.id, items.masterclass);
    expect(offer.json.plans).toEqual([expect.objectContaining({ id: plan.id, name: "Math bundle", covers_all_items: false, share_url: plan.share_url })]);
    expect(offer.json.plans[0].prices.map((p: { amount: string }) => p.amount)).toEqual(["30.00"]);
    expect((await accessCheck(learner.id, items.geometry)).json.plans).toEqual([]);

    const started = await call(priceCheckoutRoute.POST, { method: "POST", sessionUserId: learner.id, params: { price_uid: price.id }, body: {} });
    expect(started.status).toBe(200);
    const session = await ls.stripe.checkout.sessions.retrieve(started.json.session_id);
    expect(session.mode).toBe("subscription");
    expect(session.metadata).toMatchObject({ item_type: "plan", item_id: plan.id });
    await pay(ls, started.json.session_id);

    const mc = await accessCheck(learner.id, items.masterclass);
    expect(mc.status).toBe(200);
    expect(mc.json).toMatchObject({ has_access: true, reason: "plan", plan: { id: plan.id, name: "Math bundle" } });
    expect(mc.json.subscription).toMatchObject({ item_type: "plan", item_id: plan.id, status: "active" });
    expect((await accessCheck(learner.id, items.algebra)).json).toMatchObject({ has_access: true, reason: "plan" });
    expect((await accessCheck(learner.id, items.geometry)).status).toBe(402);

    // the ledger and revenue count the plan as its own line, at the plan's price and commission
    const charge = await db.ledgerEntry.findFirstOrThrow({ where: { platformId: s.platform.id, kind: "charge" } });
    expect(charge).toMatchObject({ itemType: "plan", itemId: plan.id, amount: 3000, feeAmount: 750, netAmount: 2250 });
    const metrics = await call(metricsRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk } });
    expect(metrics.status).toBe(200);
    expect(metrics.json.by_item.filter((i: { item_type: string }) => i.item_type === "plan")).toEqual([expect.objectContaining({ item_id: plan.id })]);

    // a second purchase of the same plan is refused; the items themselves can still be bought
    const again = await call(priceCheckoutRoute.POST, { method: "POST", sessionUserId: learner.id, params: { price_uid: price.id }, body: {} });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe("already_subscribed");

    const sub = await db.subscription.findFirstOrThrow({ where: { platformId: s.platform.id, itemType: "plan", userId: learner.id } });
    await ls.stripe.subscriptions.cancel(sub.stripeSubscriptionId!);
    await ls.flush();
    expect((await accessCheck(learner.id, items.masterclass)).status).toBe(402);
    expect((await accessCheck(learner.id, items.algebra)).status).toBe(402);
  });

  it("an all-access plan covers every item, present and future; a guest buys it and claims it by signing in", async () => {
    const s = await sellingPlatform(ls);
    const { plan, price } = await createPlanWithTier(s.pk, s.admin.id, { name: "All access", covers_all_items: true }, { name: "Forever", amount: "199.00", interval: "one_time" });
    const email = `guest-${Date.now()}@example.com`;
    const started = await call(priceGuestRoute.POST, { method: "POST", params: { price_uid: price.id }, body: { email }, headers: { [PEER_ADDRESS_HEADER]: "203.0.113.77" } });
    expect(started.status).toBe(200);
    await pay(ls, started.json.session_id);
    // the guest's purchase waits for their verified account
    const learner = await createUser({ email });
    await db.user.update({ where: { id: learner.id }, data: { emailVerified: new Date() } });
    expect((await accessCheck(learner.id, s.item)).json).toMatchObject({ has_access: true, reason: "plan", plan: { id: plan.id } });
    // an item added later is covered too
    await catalogItems(s.platform.id, [{ type: "course", id: "later", name: "Later" }]);
    await db.paywall.create({ data: { platformId: s.platform.id, itemType: "course", itemId: "later", itemName: "Later", isEnabled: true } });
    expect((await accessCheck(learner.id, { pk: s.pk, type: "course", id: "later" })).json.reason).toBe("plan");
    // an unverified account with the same address gets nothing from it
    const other = await createUser({ email: `other-${email}` });
    expect((await accessCheck(other.id, s.item)).status).toBe(402);
  });

  it("decides 100 items in one database round trip, with the offers of each denial", async () => {
    const s = await sellingPlatform(ls);
    const { plan, items } = await withPlan(s);
    await catalogItems(
      s.platform.id,
      Array.from({ length: 97 }, (_, i) => ({ type: "course", id: `c${i}`, name: `Course ${i}` })),
    );
    const learner = await createUser({ platformId: s.platform.id });
    const body = {
      items: [
        { item_type: "course", item_id: items.masterclass.id },
        { item_type: "course", item_id: items.algebra.id },
        { item_type: "course", item_id: items.geometry.id },
        ...Array.from({ length: 97 }, (_, i) => ({ item_type: "course", item_id: `c${i}` })),
      ],
    };
    expect(body.items).toHaveLength(100);
    // nothing else may talk to the database meanwhile (webhooks of the set-up above)
    await ls.flush();
    const handle = dbHandle();
    const spies = [
      ...(handle.pglite ? [vi.spyOn(handle.pglite, "query"), vi.spyOn(handle.pglite, "exec")] : []),
      vi.spyOn(pg.Client.prototype, "query"),
    ];
    const res = await call(decisionsRoute.POST, { method: "POST", sessionUserId: learner.id, params: { pk: s.pk }, body });
    const queries = spies.reduce((n, spy) => n + spy.mock.calls.length, 0);
    // pg takes a query config object, PGlite the text
    const sql = spies.flatMap((spy) => spy.mock.calls.map((c) => (typeof c[0] === "string" ? c[0] : String((c[0] as { text?: string } | undefined)?.text ?? c[0]))));
    spies.forEach((spy) => spy.mockRestore());
    expect(res.status).toBe(200);
    // the caller with the platform the path names, and ONE query for all 100 decisions with their offers
    expect(queries, sql.map((q) => q.slice(0, 80)).join("\n")).toBe(2);
    expect(sql.filter((q) => q.includes("access_decisions("))).toHaveLength(1);
    expect(res.json.results).toHaveLength(100);
    const [mc, , geo, open] = res.json.results;
    expect(mc).toMatchObject({ item_type: "course", item_id: "masterclass", found: true, has_access: false, reason: "no_subscription" });
    expect(mc.offers.prices.map((p: { amount: string }) => p.amount)).toEqual(["10.00", "99.99", "24.99"]);
    expect(mc.offers.plans.map((p: { id: string }) => p.id)).toEqual([plan.id]);
    expect(geo.offers.plans).toEqual([]);
    expect(open).toMatchObject({ item_id: "c0", has_access: true, reason: "no_paywall", offers: null });

    // unknown built-in items are reported, not fatal; more than 100 is refused
    const unknown = await call(decisionsRoute.POST, { method: "POST", params: { pk: s.pk }, body: { items: [{ item_type: "course", item_id: "ghost" }] } });
    expect(unknown.json.results[0]).toMatchObject({ found: false, has_access: false, reason: null });
    const tooMany = await call(decisionsRoute.POST, { method: "POST", params: { pk: s.pk }, body: { items: Array.from({ length: 101 }, (_, i) => ({ item_type: "course", item_id: `c${i}` })) } });
    expect(tooMany.status).toBe(400);
  });

  it("the buy page of an item offers the plans that contain it; a plan's page lists what it includes", async () => {
    const s = await sellingPlatform(ls);
    const { plan } = await withPlan(s);
    const itemPage = await loadBuyPage(s.uid);
    expect(itemPage?.plans.map((p) => p.id)).toEqual([plan.id]);
    const planPage = await loadBuyPage(plan.id);
    expect(planPage).toMatchObject({ itemType: "plan", itemName: "Math bundle", available: true, plans: [] });
    expect(planPage?.planItems?.map((i) => i.name)).toEqual(["Masterclass", "Algebra"]);
  });
});
