import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import * as paywallRoute from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/paywall/route";
import * as pricesRoute from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/paywall/prices/route";
import * as priceRoute from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/paywall/prices/[price_id]/route";
import * as pricingRoute from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/pricing/route";
import * as canonicalPaywall from "@/app/api/billing/items/[uid]/paywall/route";
import * as canonicalPrices from "@/app/api/billing/items/[uid]/paywall/prices/route";
import * as canonicalPricing from "@/app/api/billing/items/[uid]/pricing/route";
import * as publicPricing from "@/app/api/billing/items/[uid]/public-pricing/route";
import * as canonicalPrice from "@/app/api/billing/items/prices/[price_uid]/route";
import * as paywallsRoute from "@/app/api/billing/platforms/[pk]/paywalls/route";
import * as itemSubscribersRoute from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/subscribers/route";
import * as searchRoute from "@/app/api/platforms/[pk]/catalog/search/route";
import * as catalogRoute from "@/app/api/platforms/[pk]/catalog/route";
import { call } from "./support/http";
import { createPlatform, createUser } from "./support/fixtures";
import { readyPlatform, useLocalStripe, type LocalStripeHarness } from "./support/local-stripe";

let ls: LocalStripeHarness;
beforeAll(async () => {
  ls = await useLocalStripe();
});
afterAll(async () => {
  await ls.close();
});

type Ctx = Awaited<ReturnType<typeof readyPlatform>>;

async function withCourse(ctx: Ctx, itemId = "intro") {
  await db.catalogItem.create({ data: { platformId: ctx.platform.id, itemType: "course", itemId, name: `Course ${itemId}`, description: "Learn things." } });
  return { pk: ctx.pk, type: "course", id: itemId };
}

const put = (params: Record<string, string>, userId: string, body: unknown) =>
  call(paywallRoute.PUT, { method: "PUT", sessionUserId: userId, params, body });
const addPrice = (params: Record<string, string>, userId: string, body: unknown) =>
  call(pricesRoute.POST, { method: "POST", sessionUserId: userId, params, body });

describe("paywall configuration", () => {
  it("returns a disabled stub before configuration, then enables with a Stripe product", async () => {
    const ctx = await readyPlatform(ls);
    const item = await withCourse(ctx);
    const stub = await call(paywallRoute.GET, { sessionUserId: ctx.admin.id, params: item });
    expect(stub.status).toBe(200);
    expect(stub.json).toEqual({ item_type: "course", item_id: "intro", is_enabled: false, allow_free_tier: false, trial_period_days: 0, prices: [] });

    const res = await put(item, ctx.admin.id, { is_enabled: true, trial_period_days: 7, grandfathering_strategy: "require_subscription" });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ item_name: "Course intro", is_enabled: true, trial_period_days: 7, platform: { key: ctx.pk } });
    expect(res.json.unique_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.json.share_url).toBe(`http://localhost:3000/buy/${res.json.unique_id}`);
    expect(res.json.paywall_enabled_at).not.toBeNull();
    const product = await ls.stripe.products.retrieve(res.json.stripe_product_id);
    expect(product.name).toBe("Course intro");

    // enabling again keeps the first enable time and product
    const again = await put(item, ctx.admin.id, { is_enabled: true, allow_free_tier: true });
    expect(again.json.paywall_enabled_at).toBe(res.json.paywall_enabled_at);
    expect(again.json.stripe_product_id).toBe(res.json.stripe_product_id);

    const canonical = await call(canonicalPaywall.GET, { sessionUserId: ctx.admin.id, params: { uid: res.json.unique_id } });
    expect(canonical.json.allow_free_tier).toBe(true);
  });

  it("refuses to enable before Connect is ready, and needs item_name for custom items", async () => {
    const platform = await createPlatform();
    const owner = await createUser({ platformId: platform.id, role: "owner" });
    await db.catalogItem.create({ data: { platformId: platform.id, itemType: "course", itemId: "c", name: "C" } });
    const notReady = await put({ pk: platform.key, type: "course", id: "c" }, owner.id, { is_enabled: true });
    expect(notReady.status).toBe(400);
    expect(notReady.json.detail).toMatch(/Stripe Connect is not ready/);
    expect(await db.paywall.count({ where: { platformId: platform.id } })).toBe(0);

    const ctx = await readyPlatform(ls);
    const custom = { pk: ctx.pk, type: "custom:workshop", id: "live-session" };
    const noName = await put(custom, ctx.owner.id, { is_enabled: false });
    expect(noName.status).toBe(400);
    expect(noName.json.errors.item_name).toBeDefined();
    const badType = await put({ pk: ctx.pk, type: "Custom:Bad Type", id: "x" }, ctx.owner.id, { item_name: "x" });
    expect(badType.status).toBe(400);
    expect(badType.json.errors.item_type).toBeDefined();
    const unknownCourse = await put({ pk: ctx.pk, type: "course", id: "nope" }, ctx.owner.id, { is_enabled: true });
    expect(unknownCourse.status).toBe(404);

    // custom item: created dormant (no Stripe product), then promoted
    const dormant = await put(custom, ctx.owner.id, { is_enabled: false, item_name: "Live session" });
    expect(dormant.status).toBe(200);
    expect(dormant.json).toMatchObject({ is_enabled: false, stripe_product_id: null, paywall_enabled_at: null, item_name: "Live session" });
    const promoted = await put(custom, ctx.owner.id, { is_enabled: true });
    expect(promoted.json.is_enabled).toBe(true);
    expect(promoted.json.stripe_product_id).toMatch(/^prod_/);
    expect(promoted.json.unique_id).toBe(dormant.json.unique_id);
  });

  it("stores unprefixed custom item types as custom:<type>; built-in types stay as they are", async () => {
    const ctx = await readyPlatform(ls);
    const bare = { pk: ctx.pk, type: "workshop", id: "x" };
    const created = await put(bare, ctx.owner.id, { item_name: "Workshop X" });
    expect(created.status).toBe(200);
    expect(created.json.item_type).toBe("custom:workshop");
    const read = await call(paywallRoute.GET, { sessionUserId: ctx.owner.id, params: bare });
    expect(read.json).toMatchObject({ item_type: "custom:workshop", item_id: "x", unique_id: created.json.unique_id });
    // the prefixed path names the same paywall
    const prefixed = await call(paywallRoute.GET, { sessionUserId: ctx.owner.id, params: { ...bare, type: "custom:workshop" } });
    expect(prefixed.json.unique_id).toBe(created.json.unique_id);
    expect(await db.paywall.count({ where: { platformId: ctx.platform.id } })).toBe(1);
    // and the list filter takes either form
    const listed = await call(paywallsRoute.GET, { sessionUserId: ctx.owner.id, params: { pk: ctx.pk }, query: { item_type: "workshop" } });
    expect(listed.json.results.map((r: { item_type: string }) => r.item_type)).toEqual(["custom:workshop"]);

    const course = await withCourse(ctx, "builtin");
    const builtIn = await put(course, ctx.owner.id, { is_enabled: false });
    expect(builtIn.json.item_type).toBe("course");
    expect((await call(paywallRoute.GET, { sessionUserId: ctx.owner.id, params: course })).json.item_type).toBe("course");
    const stub = await call(paywallRoute.GET, { sessionUserId: ctx.owner.id, params: { pk: ctx.pk, type: "mentor", id: "m1" } });
    expect(stub.json).toMatchObject({ item_type: "mentor", item_id: "m1", is_enabled: false });
  });

  it("grandfathers users with an earlier recorded access on first enable with free_forever", async () => {
    const ctx = await readyPlatform(ls);
    const item = await withCourse(ctx, "gf");
    const early = await createUser({ platformId: ctx.platform.id });
    const alsoEarly = await createUser({ platformId: ctx.platform.id });
    const stranger = await createUser({ platformId: ctx.platform.id });
    for (const u of [early, alsoEarly]) {
      await db.itemAccess.create({ data: { platformId: ctx.platform.id, itemType: "course", itemId: "gf", userId: u.id, firstAccessAt: new Date(Date.now() - 86_400_000) } });
    }
    const res = await put(item, ctx.owner.id, { is_enabled: true, grandfathering_strategy: "free_forever" });
    expect(res.status).toBe(200);
    const subs = await db.subscription.findMany({ where: { platformId: ctx.platform.id, itemType: "course", itemId: "gf" } });
    expect(subs.map((s) => s.userId).sort()).toEqual([early.id, alsoEarly.id].sort());
    expect(subs.every((s) => s.status === "grandfathered" && s.isGrandfathered)).toBe(true);
    expect(subs.find((s) => s.userId === stranger.id)).toBeUndefined();

    // the item's subscriber rows say when access was granted; nobody is billed for it
    const rows = await call(itemSubscribersRoute.GET, { sessionUserId: ctx.owner.id, params: item });
    expect(rows.status).toBe(200);
    expect(rows.json.count).toBe(2);
    for (const row of rows.json.results) {
      expect(row).toMatchObject({ status: "grandfathered", is_grandfathered: true, billing_portal_url: null, metadata: {} });
      expect(Date.parse(row.grandfathered_at)).toBeGreaterThan(0);
    }

    // disabling and enabling again does not duplicate grants
    await call(paywallRoute.DELETE, { method: "DELETE", sessionUserId: ctx.owner.id, params: item });
    await put(item, ctx.owner.id, { is_enabled: true });
    expect(await db.subscription.count({ where: { platformId: ctx.platform.id, itemType: "course", itemId: "gf" } })).toBe(2);
  });

  it("writes nothing when Stripe fails to create the product", async () => {
    const ctx = await readyPlatform(ls);
    const item = await withCourse(ctx, "fault");
    await ls.fault("/v1/products", 1);
    const res = await put(item, ctx.owner.id, { is_enabled: true });
    expect(res.status).toBe(502);
    expect(typeof res.json.detail).toBe("string");
    expect(await db.paywall.count({ where: { platformId: ctx.platform.id } })).toBe(0);
    expect(await db.auditLog.count({ where: { platformId: ctx.platform.id, action: { startsWith: "paywall" } } })).toBe(0);
    const retry = await put(item, ctx.owner.id, { is_enabled: true });
    expect(retry.status).toBe(200);
  });

  it("DELETE disables (idempotent, 204) and keeps prices", async () => {
    const ctx = await readyPlatform(ls);
    const item = await withCourse(ctx, "del");
    expect((await call(paywallRoute.DELETE, { method: "DELETE", sessionUserId: ctx.owner.id, params: item })).status).toBe(204);
    await put(item, ctx.owner.id, { is_enabled: true });
    await addPrice(item, ctx.owner.id, { name: "Monthly", amount: "10", interval: "month" });
    const del = await call(paywallRoute.DELETE, { method: "DELETE", sessionUserId: ctx.owner.id, params: item });
    expect(del.status).toBe(204);
    const after = await call(paywallRoute.GET, { sessionUserId: ctx.owner.id, params: item });
    expect(after.json.is_enabled).toBe(false);
    expect(after.json.prices).toHaveLength(1);
    const pricing = await call(pricingRoute.GET, { params: item });
    expect(pricing.json.is_paywalled).toBe(false);
  });

  it("answers 404 for another platform's items, by composite and canonical paths", async () => {
    const a = await readyPlatform(ls);
    const b = await readyPlatform(ls);
    const item = await withCourse(a, "mine");
    const res = await put(item, a.owner.id, { is_enabled: true });
    expect((await call(paywallRoute.GET, { sessionUserId: b.owner.id, params: item })).status).toBe(404);
    expect((await put(item, b.owner.id, { is_enabled: false })).status).toBe(404);
    expect((await call(canonicalPaywall.GET, { sessionUserId: b.owner.id, params: { uid: res.json.unique_id } })).status).toBe(404);
    expect((await call(canonicalPrices.GET, { sessionUserId: b.owner.id, params: { uid: res.json.unique_id } })).status).toBe(404);
    expect((await call(canonicalPaywall.GET, { sessionUserId: a.owner.id, params: { uid: "not-a-uuid" } })).status).toBe(404);
    const learner = await createUser({ platformId: a.platform.id });
    expect((await call(paywallRoute.GET, { sessionUserId: learner.id, params: item })).status).toBe(403);
  });
});

describe("pricing tiers", () => {
  async function enabledItem() {
    const ctx = await readyPlatform(ls);
    const item = await withCourse(ctx, "tiers");
    const paywall = await put(item, ctx.owner.id, { is_enabled: true });
    return { ctx, item, uid: paywall.json.unique_id as string };
  }

  it("refuses prices before the paywall is enabled", async () => {
    const ctx = await readyPlatform(ls);
    const item = await withCourse(ctx, "early");
    const res = await addPrice(item, ctx.owner.id, { name: "Monthly", amount: "10" });
    expect(res.status).toBe(400);
    expect(res.json.detail).toBe("Paywall must be enabled before creating prices");
  });

  it("creates tiers as Stripe prices and lists them by sort order then amount", async () => {
    const { ctx, item, uid } = await enabledItem();
    const yearly = await addPrice(item, ctx.owner.id, { name: "Yearly", amount: "99.00", currency: "USD", interval: "year", features: ["All lessons", "Certificate"], remark: "Best value", sort_order: 1 });
    expect(yearly.status).toBe(201);
    expect(yearly.json).toMatchObject({ amount: "99.00", amount_minor: 9900, currency: "usd", interval: "year", remark: "Best value", is_active: true });
    const stripePrice = await ls.stripe.prices.retrieve(yearly.json.stripe_price_id);
    expect(stripePrice).toMatchObject({ unit_amount: 9900, currency: "usd", recurring: expect.objectContaining({ interval: "year" }) });

    await addPrice(item, ctx.owner.id, { name: "Monthly", amount: "10", interval: "month", sort_order: 0 });
    const once = await addPrice(item, ctx.owner.id, { name: "Lifetime", amount: "15000", currency: "jpy", interval: "one_time", sort_order: 0 });
    expect(once.json.amount).toBe("15000");
    expect((await ls.stripe.prices.retrieve(once.json.stripe_price_id)).recurring).toBeNull();

    const list = await call(pricesRoute.GET, { sessionUserId: ctx.admin.id, params: item });
    expect(list.json.map((p: { name: string }) => p.name)).toEqual(["Monthly", "Lifetime", "Yearly"]);
    const canonical = await call(canonicalPrices.GET, { sessionUserId: ctx.admin.id, params: { uid } });
    expect(canonical.json).toHaveLength(3);
  });

  it("validates amounts, currencies, intervals and features", async () => {
    const { ctx, item } = await enabledItem();
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "x", amount: "-5" }, "amount"],
      [{ name: "x", amount: "0" }, "amount"],
      [{ name: "x", amount: "1.999" }, "amount"],
      [{ name: "x", amount: "123456789" }, "amount"],
      [{ name: "x", amount: "10.50", currency: "jpy" }, "amount"],
      [{ name: "x", amount: "10", currency: "xyz" }, "currency"],
      [{ name: "x", amount: "10", interval: "week" }, "interval"],
      [{ name: "", amount: "10" }, "name"],
      [{ name: "x", amount: "10", features: Array.from({ length: 21 }, (_, i) => `f${i}`) }, "features"],
    ];
    for (const [body, field] of cases) {
      const res = await addPrice(item, ctx.owner.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.errors[field], JSON.stringify(res.json)).toBeDefined();
    }
    expect((await call(pricesRoute.GET, { sessionUserId: ctx.owner.id, params: item })).json).toHaveLength(0);
  });

  it("re-prices by creating a new Stripe price and archiving the old; subscribers keep theirs", async () => {
    const { ctx, item } = await enabledItem();
    const created = await addPrice(item, ctx.owner.id, { name: "Monthly", amount: "10", interval: "month" });
    const oldStripeId = created.json.stripe_price_id as string;
    const priceRow = await db.price.findUniqueOrThrow({ where: { uniqueId: created.json.id } });
    const sub = await db.subscription.create({
      data: {
        platformId: ctx.platform.id,
        paywallId: priceRow.paywallId,
        itemType: "course",
        itemId: "tiers",
        email: "buyer@example.test",
        status: "active",
        priceId: priceRow.id,
        stripePriceId: oldStripeId,
        amount: 1000,
        currency: "usd",
        interval: "month",
      },
    });

    const rename = await call(priceRoute.PUT, { method: "PUT", sessionUserId: ctx.owner.id, params: { ...item, price_id: created.json.id }, body: { name: "Monthly plan", features: ["a"] } });
    expect(rename.json.stripe_price_id).toBe(oldStripeId);

    const repriced = await call(priceRoute.PUT, { method: "PUT", sessionUserId: ctx.owner.id, params: { ...item, price_id: created.json.id }, body: { amount: "12.50" } });
    expect(repriced.status).toBe(200);
    expect(repriced.json).toMatchObject({ id: created.json.id, amount: "12.50", name: "Monthly plan" });
    expect(repriced.json.stripe_price_id).not.toBe(oldStripeId);
    expect((await ls.stripe.prices.retrieve(repriced.json.stripe_price_id)).unit_amount).toBe(1250);
    await expect.poll(async () => (await ls.stripe.prices.retrieve(oldStripeId)).active).toBe(false);
    const kept = await db.subscription.findUniqueOrThrow({ where: { id: sub.id } });
    expect(kept).toMatchObject({ stripePriceId: oldStripeId, amount: 1000 });
  });

  it("soft-deletes tiers and hides inactive ones from public pricing", async () => {
    const { ctx, item, uid } = await enabledItem();
    const a = await addPrice(item, ctx.owner.id, { name: "A", amount: "5" });
    const b = await addPrice(item, ctx.owner.id, { name: "B", amount: "6", is_active: false });
    const pricing = await call(canonicalPricing.GET, { params: { uid } });
    expect(pricing.status).toBe(200);
    expect(pricing.json).toMatchObject({ item_type: "course", item_id: "tiers", item_name: "Course tiers", is_paywalled: true, trial_period_days: 0 });
    expect(pricing.json.prices.map((p: { name: string }) => p.name)).toEqual(["A"]);
    expect((await call(publicPricing.GET, { params: { uid } })).json).toEqual(pricing.json);
    // canonical detail only resolves active tiers of enabled paywalls
    expect((await call(canonicalPrice.GET, { sessionUserId: ctx.owner.id, params: { price_uid: b.json.id } })).status).toBe(404);
    expect((await call(canonicalPrice.GET, { sessionUserId: ctx.owner.id, params: { price_uid: a.json.id } })).status).toBe(200);

    const del = await call(priceRoute.DELETE, { method: "DELETE", sessionUserId: ctx.owner.id, params: { ...item, price_id: a.json.id } });
    expect(del.status).toBe(204);
    expect((await call(pricesRoute.GET, { sessionUserId: ctx.owner.id, params: item })).json.map((p: { name: string }) => p.name)).toEqual(["B"]);
    expect(await db.price.findUniqueOrThrow({ where: { uniqueId: a.json.id } })).toMatchObject({ isActive: false });
    await expect.poll(async () => (await ls.stripe.prices.retrieve(a.json.stripe_price_id)).active).toBe(false);
    expect((await call(priceRoute.GET, { sessionUserId: ctx.owner.id, params: { ...item, price_id: a.json.id } })).status).toBe(404);
  });

  it("writes nothing when Stripe fails to create the price", async () => {
    const { ctx, item } = await enabledItem();
    await ls.fault("/v1/prices", 1);
    const res = await addPrice(item, ctx.owner.id, { name: "M", amount: "10" });
    expect(res.status).toBe(502);
    expect((await call(pricesRoute.GET, { sessionUserId: ctx.owner.id, params: item })).json).toHaveLength(0);
  });
});

describe("platform lists and catalog", () => {
  it("lists paywalls paginated with filters and active price counts", async () => {
    const ctx = await readyPlatform(ls);
    for (const id of ["a", "b", "c"]) {
      const item = await withCourse(ctx, id);
      await put(item, ctx.owner.id, { is_enabled: id !== "c" });
      if (id === "a") {
        await addPrice(item, ctx.owner.id, { name: "M", amount: "1" });
        await addPrice(item, ctx.owner.id, { name: "Y", amount: "10", interval: "year" });
        await addPrice(item, ctx.owner.id, { name: "Old", amount: "2", is_active: false });
      }
    }
    const page1 = await call(paywallsRoute.GET, { sessionUserId: ctx.admin.id, params: { pk: ctx.pk }, query: { page_size: "2" } });
    expect(page1.json).toMatchObject({ count: 3, next_page: 2, previous_page: null });
    expect(page1.json.results).toHaveLength(2);
    const enabled = await call(paywallsRoute.GET, { sessionUserId: ctx.admin.id, params: { pk: ctx.pk }, query: { is_enabled: "true" } });
    expect(enabled.json.count).toBe(2);
    const a = enabled.json.results.find((r: { item_id: string }) => r.item_id === "a");
    expect(a.active_price_count).toBe(2);
    // inline tiers: active, not deleted, by sort order then amount; and the Stripe product
    expect(a.prices.map((p: { name: string; amount: string; currency: string }) => [p.name, p.amount, p.currency])).toEqual([
      ["M", "1.00", "usd"],
      ["Y", "10.00", "usd"],
    ]);
    expect(a.stripe_product_id).toMatch(/^prod_/);
    const dormant = (await call(paywallsRoute.GET, { sessionUserId: ctx.admin.id, params: { pk: ctx.pk }, query: { is_enabled: "false" } })).json.results[0];
    expect(dormant).toMatchObject({ item_id: "c", stripe_product_id: null, prices: [], active_price_count: 0 });
    const yearly = a.prices.find((p: { name: string }) => p.name === "Y");
    await call(priceRoute.DELETE, { method: "DELETE", sessionUserId: ctx.owner.id, params: { pk: ctx.pk, type: "course", id: "a", price_id: yearly.id } });
    const afterDelete = await call(paywallsRoute.GET, { sessionUserId: ctx.admin.id, params: { pk: ctx.pk }, query: { search: "a" } });
    const aAgain = afterDelete.json.results.find((r: { item_id: string }) => r.item_id === "a");
    expect(aAgain.prices.map((p: { name: string }) => p.name)).toEqual(["M"]);
    const bad = await call(paywallsRoute.GET, { sessionUserId: ctx.admin.id, params: { pk: ctx.pk }, query: { page_size: "500" } });
    expect(bad.status).toBe(400);
  });

  it("searches configured items by item name or item id, in any case", async () => {
    const ctx = await readyPlatform(ls);
    await put(await withCourse(ctx, "python-101"), ctx.owner.id, { item_name: "Snakes for Beginners" });
    await put(await withCourse(ctx, "rust-201"), ctx.owner.id, { item_name: "Systems in Rust" });
    await put({ pk: ctx.pk, type: "workshop", id: "live" }, ctx.owner.id, { item_name: "Live PYTHON clinic" });
    const search = async (term: string) => {
      const res = await call(paywallsRoute.GET, { sessionUserId: ctx.admin.id, params: { pk: ctx.pk }, query: { search: term } });
      expect(res.status).toBe(200);
      return res.json.results.map((r: { item_id: string }) => r.item_id).sort();
    };
    expect(await search("PYTHON")).toEqual(["live", "python-101"]);
    expect(await search("rust")).toEqual(["rust-201"]);
    expect(await search("beginners")).toEqual(["python-101"]);
    expect(await search("nothing-like-it")).toEqual([]);
    const counted = await call(paywallsRoute.GET, { sessionUserId: ctx.admin.id, params: { pk: ctx.pk }, query: { search: "python", page_size: "1" } });
    expect(counted.json).toMatchObject({ count: 2, next_page: 2 });
  });

  it("searches the catalog by prefix before substring, grouped by type", async () => {
    const ctx = await readyPlatform(ls);
    const add = (item_type: string, item_id: string, name: string) =>
      call(catalogRoute.POST, { method: "POST", sessionUserId: ctx.admin.id, params: { pk: ctx.pk }, body: { item_type, item_id, name } });
    expect((await add("course", "ds", "Intro to Data Science")).status).toBe(201);
    await add("course", "data-eng", "Data Engineering");
    await add("mentor", "data-coach", "Data Coach");
    await add("program", "other", "Painting");
    expect((await add("course", "ds", "Dup")).status).toBe(409);
    const res = await call(searchRoute.GET, { sessionUserId: ctx.admin.id, params: { pk: ctx.pk }, query: { q: "data" } });
    expect(res.status).toBe(200);
    const courses = res.json.groups.find((g: { item_type: string }) => g.item_type === "course");
    expect(courses.items.map((i: { name: string }) => i.name)).toEqual(["Data Engineering", "Intro to Data Science"]);
    const mentors = res.json.groups.find((g: { item_type: string }) => g.item_type === "mentor");
    expect(mentors.label).toBe("Agent");
    expect(res.json.groups.some((g: { item_type: string }) => g.item_type === "program")).toBe(false);
  });
});
