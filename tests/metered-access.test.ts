import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/config/env";
import { seedDemoData } from "@/lib/db/seed";
import * as decisionsRoute from "@/app/api/billing/platforms/[pk]/decisions/route";
import { meteredTier, returnUnits, takeUnits } from "@/lib/metering/included-units";
import { creditWallet } from "@/lib/wallets/wallet-ledger";
import { call } from "./support/http";
import { createUser } from "./support/fixtures";
import { useLocalStripe, type LocalStripeHarness } from "./support/local-stripe";
import { accessCheck, checkout, pay, sellingPlatform, type Item } from "./support/buy";

// A tier with included units per period: the access check lets the subscriber in while units are
// left or the wallet can pay for the next one, and answers 402 `quota_exhausted` with the top-up
// link once neither holds. Each renewal starts a fresh count.

let ls: LocalStripeHarness;
beforeAll(async () => {
  ls = await useLocalStripe();
});
afterAll(async () => {
  await ls.close();
});

type Selling = Awaited<ReturnType<typeof sellingPlatform>>;

const asItem = (item: Item) => ({ type: item.type, id: item.id });

async function meter(priceUid: string, data: { includedUnits?: number | null; unitCredits?: number | null }) {
  await db.price.update({ where: { uniqueId: priceUid }, data });
}

async function subscribe(s: Selling, userId: string, priceUid: string) {
  const started = await checkout(userId, s.item, { price_id: priceUid });
  expect(started.status).toBe(200);
  await pay(ls, started.json.session_id);
  return db.subscription.findFirstOrThrow({ where: { platformId: s.platform.id, userId, status: "active" } });
}

const deposit = (platformId: string, userId: string, amount: number) => creditWallet(platformId, userId, "deposit", amount, { reason: "test" });

/** Moves Local Stripe's clock just past `target` and delivers what fell due. */
async function advancePast(target: Date) {
  const seconds = Math.floor(target.getTime() / 1000);
  const { now } = await ls.control<{ now: number }>("clock", undefined, "GET");
  if (seconds >= now) await ls.control("clock/advance", { seconds: seconds - now + 60 });
  await ls.flush();
}

describe("metered tiers: included units per period", { timeout: 120_000 }, () => {
  it("three included units are free; then 402 quota_exhausted with the top-up link until the wallet can pay a unit; a renewal resets", async () => {
    const s = await sellingPlatform(ls);
    await meter(s.prices.monthly.id, { includedUnits: 3 });
    const learner = await createUser({ platformId: s.platform.id });
    const sub = await subscribe(s, learner.id, s.prices.monthly.id);
    expect(sub.currentPeriodStart).toBeInstanceOf(Date);
    const item = asItem(s.item);

    const tier = await meteredTier(s.platform.id, learner.id, item);
    expect(tier).toEqual({ includedUnits: 3, unitCredits: null, periodStart: sub.currentPeriodStart, used: 0 });

    // before each included unit the check lets the subscriber in; the unit is free
    for (let used = 0; used < 3; used++) {
      const ok = await accessCheck(learner.id, s.item);
      expect(ok.status).toBe(200);
      expect(ok.json).toMatchObject({ has_access: true, reason: "active", top_up_url: null });
      expect(ok.json.quota).toEqual({ included_units: 3, unit_credits: null, used, period_start: sub.currentPeriodStart!.toISOString() });
      expect(await takeUnits(s.platform.id, learner.id, item, tier!.periodStart, 1, tier!.includedUnits)).toEqual({ free: 1, billable: 0 });
    }

    // a 4th unit this period: the quota is used up and there are no credits
    const denied = await accessCheck(learner.id, s.item);
    expect(denied.status).toBe(402);
    expect(denied.json).toMatchObject({
      has_access: false,
      reason: "quota_exhausted",
      requires_payment: true,
      top_up_url: `${env().APP_URL}/p/${s.pk}/wallet`,
      quota: { included_units: 3, unit_credits: null, used: 3, period_start: sub.currentPeriodStart!.toISOString() },
    });
    expect(denied.json.subscription).toMatchObject({ status: "active" });
    // were it taken anyway, it would be billable
    expect(await takeUnits(s.platform.id, learner.id, item, tier!.periodStart, 1, 3)).toEqual({ free: 0, billable: 1 });
    await returnUnits(s.platform.id, learner.id, item, tier!.periodStart, 1);
    expect((await meteredTier(s.platform.id, learner.id, item))?.used).toBe(3);

    // the page of decisions says the same, with a 200
    const page = await call(decisionsRoute.POST, { method: "POST", sessionUserId: learner.id, params: { pk: s.pk }, body: { items: [{ item_type: "course", item_id: "masterclass" }] } });
    expect(page.status).toBe(200);
    expect(page.json.results[0]).toMatchObject({ found: true, has_access: false, reason: "quota_exhausted" });

    // further units cost 5 credits: 4 are not enough, 5 are
    await meter(s.prices.monthly.id, { unitCredits: 5 });
    await deposit(s.platform.id, learner.id, 4);
    const short = await accessCheck(learner.id, s.item);
    expect(short.status).toBe(402);
    expect(short.json).toMatchObject({ reason: "quota_exhausted", quota: { included_units: 3, unit_credits: 5, used: 3 } });
    await deposit(s.platform.id, learner.id, 1);
    const paid = await accessCheck(learner.id, s.item);
    expect(paid.status).toBe(200);
    expect(paid.json).toMatchObject({ has_access: true, reason: "active", top_up_url: null, quota: { included_units: 3, unit_credits: 5, used: 3 } });
    expect(await meteredTier(s.platform.id, learner.id, item)).toMatchObject({ includedUnits: 3, unitCredits: 5, used: 3 });

    // no credits per unit again, and the renewal starts a new period with a fresh count
    await meter(s.prices.monthly.id, { unitCredits: null });
    expect((await accessCheck(learner.id, s.item)).status).toBe(402);
    await advancePast(sub.currentPeriodEnd!);
    const renewed = await db.subscription.findUniqueOrThrow({ where: { id: sub.id } });
    expect(renewed.currentPeriodStart!.getTime()).toBeGreaterThan(sub.currentPeriodStart!.getTime());
    const fresh = await meteredTier(s.platform.id, learner.id, item);
    expect(fresh).toEqual({ includedUnits: 3, unitCredits: null, periodStart: renewed.currentPeriodStart, used: 0 });
    const again = await accessCheck(learner.id, s.item);
    expect(again.status).toBe(200);
    expect(again.json.quota).toMatchObject({ used: 0, period_start: renewed.currentPeriodStart!.toISOString() });
    expect(await takeUnits(s.platform.id, learner.id, item, fresh!.periodStart, 1, 3)).toEqual({ free: 1, billable: 0 });
  });

  it("concurrent units never share a free one: 20 at once against 5 included → exactly 5 free", async () => {
    const s = await sellingPlatform(ls);
    await meter(s.prices.monthly.id, { includedUnits: 5 });
    const learner = await createUser({ platformId: s.platform.id });
    await subscribe(s, learner.id, s.prices.monthly.id);
    const item = asItem(s.item);
    const tier = (await meteredTier(s.platform.id, learner.id, item))!;
    const splits = await Promise.all(Array.from({ length: 20 }, () => takeUnits(s.platform.id, learner.id, item, tier.periodStart, 1, tier.includedUnits)));
    expect(splits.reduce((n, x) => n + x.free, 0)).toBe(5);
    expect(splits.reduce((n, x) => n + x.billable, 0)).toBe(15);
    expect((await meteredTier(s.platform.id, learner.id, item))?.used).toBe(20);
    // the billable ones could not be charged: they are given back
    await returnUnits(s.platform.id, learner.id, item, tier.periodStart, 15);
    expect((await meteredTier(s.platform.id, learner.id, item))?.used).toBe(5);
  });

  it("a one-time tier counts per UTC calendar month; pay-per-unit tiers (no included units) need credits for every unit; admins and unmetered tiers are not metered", async () => {
    const s = await sellingPlatform(ls);
    await meter(s.prices.once.id, { unitCredits: 2 });
    const learner = await createUser({ platformId: s.platform.id });
    await subscribe(s, learner.id, s.prices.once.id);
    const item = asItem(s.item);
    const now = new Date();
    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    expect(await meteredTier(s.platform.id, learner.id, item)).toEqual({ includedUnits: 0, unitCredits: 2, periodStart: monthStart, used: 0 });
    const empty = await accessCheck(learner.id, s.item);
    expect(empty.status).toBe(402);
    expect(empty.json).toMatchObject({ reason: "quota_exhausted", quota: { included_units: 0, unit_credits: 2, used: 0, period_start: monthStart.toISOString() } });
    await deposit(s.platform.id, learner.id, 2);
    expect((await accessCheck(learner.id, s.item)).status).toBe(200);

    // the owner is never metered; a subscriber of an unmetered tier has no quota
    expect(await meteredTier(s.platform.id, s.owner.id, item)).toBeNull();
    const owner = await accessCheck(s.owner.id, s.item);
    expect(owner.json).toMatchObject({ reason: "admin", quota: null, top_up_url: null });
    const other = await createUser({ platformId: s.platform.id });
    await subscribe(s, other.id, s.prices.monthly.id);
    expect(await meteredTier(s.platform.id, other.id, item)).toBeNull();
    expect((await accessCheck(other.id, s.item)).json).toMatchObject({ has_access: true, reason: "active", quota: null, top_up_url: null });
  });
});

describe("the demo's metered agent", () => {
  it("seeds Calculus Tutor on the Local model, two credit packs and the learner's 30 welcome credits, once however often it runs", async () => {
    await seedDemoData(db);
    await seedDemoData(db);
    const acme = await db.platform.findUniqueOrThrow({ where: { key: "acme" } });
    const providers = await db.modelProvider.findMany({ where: { platformId: acme.id } });
    expect(providers.map((p) => [p.name, p.baseUrl, p.apiKeyCiphertext])).toEqual([["Local model", null, null]]);
    const prices = await db.modelPrice.findMany({ where: { platformId: acme.id } });
    expect(prices).toHaveLength(1);
    expect(prices[0]).toMatchObject({
      providerId: providers[0].id,
      model: "calculus-tutor",
      itemType: "mentor",
      itemId: "calculus-tutor",
      promptMicrosPer1k: 500_000,
      completionMicrosPer1k: 1_500_000,
      minCredits: 10,
      isActive: true,
    });
    const packs = await db.creditPack.findMany({ where: { platformId: acme.id }, orderBy: { sortOrder: "asc" } });
    expect(packs.map((p) => [p.name, p.credits, p.amount, p.currency, p.isActive])).toEqual([
      ["Starter", 100, 100, "usd", true],
      ["Study pack", 500, 400, "usd", true],
    ]);
    const learner = await db.user.findUniqueOrThrow({ where: { email: "learner@acme.test" } });
    const wallet = await db.wallet.findUniqueOrThrow({ where: { platformId_userId: { platformId: acme.id, userId: learner.id } }, include: { entries: true } });
    expect(wallet.balance).toBe(30);
    expect(wallet.entries.map((e) => [e.kind, e.amount, e.balanceAfter, e.sourceKey])).toEqual([["deposit", 30, 30, `seed:welcome:${learner.id}`]]);
  });
});
