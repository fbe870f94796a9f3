import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { dbHandle, setDbHandle, type DbHandle } from "@/lib/db/client";
import * as insightsRoute from "@/app/api/billing/platforms/[pk]/insights/route";
import { countDecision, flushDecisionCounts, pendingDecisionCount, startDecisionCounter } from "@/lib/insights/decision-counter";
import { stopDecisionCounter } from "@/lib/insights/counter-global";
import { call } from "./support/http";
import { createPlatform, createUser } from "./support/fixtures";
import { useLocalStripe, type LocalStripeHarness } from "./support/local-stripe";
import { accessCheck, checkout, guestCheckout, pay, sellingPlatform } from "./support/buy";

// The access-decision log: checks are counted in memory and written in batches; Insights reads
// the counts and the checkouts of a range.

let ls: LocalStripeHarness;
beforeAll(async () => {
  ls = await useLocalStripe();
});
afterAll(async () => {
  await ls.close();
});

const today = () => new Date().toISOString().slice(0, 10);
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

async function counts(platformId: string) {
  const rows = await db.accessDecisionCount.findMany({ where: { platformId }, orderBy: [{ itemId: "asc" }, { reason: "asc" }] });
  return rows.map((r) => [r.itemType, r.itemId, r.reason, r.day.toISOString().slice(0, 10), r.count]);
}

function insights(pk: string, userId: string, query: Record<string, string> = {}) {
  return call(insightsRoute.GET, { sessionUserId: userId, params: { pk }, query });
}

describe("the decision counter", { timeout: 120_000 }, () => {
  it("buffers decisions in memory and writes them with one upsert per flush, adding to what is there", async () => {
    const platform = await createPlatform();
    await flushDecisionCounts();
    const d = { platformId: platform.id, itemType: "course", itemId: "c1", reason: "no_subscription" };
    for (let i = 0; i < 5; i++) countDecision(d);
    countDecision({ ...d, reason: "active" });
    countDecision({ ...d, itemId: "c2" });
    // the day is the UTC day of the decision
    countDecision(d, new Date("2026-03-01T23:59:59Z"));
    expect(pendingDecisionCount()).toBe(8);
    expect(await counts(platform.id)).toEqual([]);

    expect(await flushDecisionCounts()).toBe(8);
    expect(pendingDecisionCount()).toBe(0);
    expect(await counts(platform.id)).toEqual([
      ["course", "c1", "active", today(), 1],
      ["course", "c1", "no_subscription", "2026-03-01", 1],
      ["course", "c1", "no_subscription", today(), 5],
      ["course", "c2", "no_subscription", today(), 1],
    ]);

    countDecision(d);
    countDecision(d);
    expect(await flushDecisionCounts()).toBe(2);
    expect(await flushDecisionCounts()).toBe(0);
    const row = await db.accessDecisionCount.findFirstOrThrow({ where: { platformId: platform.id, itemId: "c1", reason: "no_subscription", day: new Date(`${today()}T00:00:00Z`) } });
    expect(row.count).toBe(7);
  });

  it("keeps every count when a flush fails and writes them with the next one", async () => {
    const platform = await createPlatform();
    await flushDecisionCounts();
    const d = { platformId: platform.id, itemType: "course", itemId: "full", reason: "no_subscription" };
    // a counter at the top of int makes the next upsert fail in the database itself
    await db.accessDecisionCount.create({ data: { ...d, day: new Date(`${today()}T00:00:00Z`), count: 2_147_483_647 } });
    for (let i = 0; i < 3; i++) countDecision(d);
    countDecision({ ...d, itemId: "other" });

    await expect(flushDecisionCounts()).rejects.toThrow();
    expect(pendingDecisionCount()).toBe(4);
    // checks counted meanwhile join the kept ones
    countDecision(d);
    expect(pendingDecisionCount()).toBe(5);

    await db.accessDecisionCount.updateMany({ where: { platformId: platform.id, itemId: "full" }, data: { count: 10 } });
    expect(await flushDecisionCounts()).toBe(5);
    expect(await counts(platform.id)).toEqual([
      ["course", "full", "no_subscription", today(), 14],
      ["course", "other", "no_subscription", today(), 1],
    ]);
  });

  it("never counts twice when flushes run at once, and writes thousands of keys in chunks", async () => {
    const platform = await createPlatform();
    await flushDecisionCounts();
    for (let i = 0; i < 2500; i++) countDecision({ platformId: platform.id, itemType: "custom:page", itemId: `p${String(i).padStart(4, "0")}`, reason: "no_paywall" });
    for (let i = 0; i < 10; i++) countDecision({ platformId: platform.id, itemType: "custom:page", itemId: "p0000", reason: "no_paywall" });
    const written = await Promise.all([flushDecisionCounts(), flushDecisionCounts(), flushDecisionCounts()]);
    expect(written.reduce((a, b) => a + b, 0)).toBe(2510);
    const agg = await db.accessDecisionCount.aggregate({ where: { platformId: platform.id }, _sum: { count: true }, _count: true });
    expect(agg).toMatchObject({ _sum: { count: 2510 }, _count: 2500 });
    expect((await db.accessDecisionCount.findFirstOrThrow({ where: { platformId: platform.id, itemId: "p0000" } })).count).toBe(11);
  });
});

describe("the decision counter's timer", { timeout: 60_000 }, () => {
  it("flushes on its interval and once more when stopped, so a clean shutdown loses nothing", async () => {
    const platform = await createPlatform();
    await flushDecisionCounts();
    const d = { platformId: platform.id, itemType: "course", itemId: "timed", reason: "no_subscription" };
    const stop = startDecisionCounter({ intervalMs: 50 });
    // starting again while it runs changes nothing
    expect(startDecisionCounter({ intervalMs: 50 })).toBe(stop);
    countDecision(d);
    countDecision(d);
    await expect.poll(async () => (await counts(platform.id)).map((r) => r[4]), { timeout: 10_000, interval: 50 }).toEqual([2]);

    countDecision(d);
    // the server's shutdown path: through the global slot, without importing the server modules
    await stopDecisionCounter();
    expect(pendingDecisionCount()).toBe(0);
    expect((await counts(platform.id)).map((r) => r[4])).toEqual([3]);
    // stopped: nothing flushes any more until someone asks
    countDecision(d);
    await new Promise((r) => setTimeout(r, 200));
    expect(pendingDecisionCount()).toBe(1);
    await stop();
    expect(pendingDecisionCount()).toBe(1);
    await flushDecisionCounts();
  });

  it("closing the database writes the last counts first, through the closing handle", async () => {
    const platform = await createPlatform();
    await flushDecisionCounts();
    const real = dbHandle();
    const order: string[] = [];
    // the same database under a handle whose close only records that it ran
    const handle: DbHandle = { ...real, close: async () => void order.push(`closed after ${pendingDecisionCount()} pending`) };
    setDbHandle(handle);
    try {
      startDecisionCounter({ intervalMs: 60_000 });
      for (let i = 0; i < 4; i++) countDecision({ platformId: platform.id, itemType: "course", itemId: "last", reason: "rule" });
      await handle.close();
    } finally {
      setDbHandle(real);
    }
    expect(order).toEqual(["closed after 0 pending"]);
    expect((await counts(platform.id)).map((r) => [r[2], r[4]])).toEqual([["rule", 4]]);
  });
});

describe("insights", { timeout: 180_000 }, () => {
  it("counts N access checks by reason and day once flushed", async () => {
    const s = await sellingPlatform(ls);
    const learner = await createUser({ platformId: s.platform.id });
    await flushDecisionCounts();
    for (let i = 0; i < 4; i++) expect((await accessCheck(learner.id, s.item)).status).toBe(402);
    for (let i = 0; i < 2; i++) expect((await accessCheck(s.admin.id, s.item)).status).toBe(200);
    await flushDecisionCounts();
    expect(await counts(s.platform.id)).toEqual([
      ["course", "masterclass", "admin", today(), 2],
      ["course", "masterclass", "no_subscription", today(), 4],
    ]);

    const res = await insights(s.pk, s.admin.id);
    expect(res.status).toBe(200);
    expect(res.json.total_checks).toBe(6);
    expect(res.json.checks_by_reason).toEqual([
      { reason: "no_subscription", count: 4 },
      { reason: "admin", count: 2 },
    ]);
    // the last 30 days, today last
    expect(res.json.by_day).toHaveLength(30);
    expect(res.json.to).toBe(tomorrow());
    expect(res.json.by_day.at(-1)).toEqual({ day: today(), allowed: 2, denied: 4 });
    expect(res.json.by_day.slice(0, -1).every((d: { allowed: number; denied: number }) => d.allowed === 0 && d.denied === 0)).toBe(true);
    expect(res.json.most_blocked).toEqual([
      { item_type: "course", item_id: "masterclass", name: "Masterclass", paywall_shown: 4, checkout_started: 0, paid: 0, conversion: "0.0000" },
    ]);
  });

  it("answers the paywall → checkout → paid funnel after real checkouts, plans as their own items", async () => {
    const s = await sellingPlatform(ls);
    const buyer = await createUser({ platformId: s.platform.id });
    const browser = await createUser({ platformId: s.platform.id });
    await flushDecisionCounts();

    // the paywall is shown three times to the buyer and once to the browser
    for (let i = 0; i < 3; i++) expect((await accessCheck(buyer.id, s.item)).status).toBe(402);
    expect((await accessCheck(browser.id, s.item)).status).toBe(402);
    // the buyer pays, the browser starts and leaves, a guest pays through the share link
    const paid = await checkout(buyer.id, s.item, { price_id: s.prices.monthly.id });
    expect(paid.status).toBe(200);
    await pay(ls, paid.json.session_id);
    expect((await checkout(browser.id, s.item, { price_id: s.prices.once.id })).status).toBe(200);
    const guest = await guestCheckout(s.item, { price_id: s.prices.once.id, email: "guest-insights@example.com" });
    expect(guest.status).toBe(200);
    await pay(ls, guest.json.session_id);
    expect((await accessCheck(buyer.id, s.item)).json).toMatchObject({ has_access: true, reason: "active" });

    // a plan's checkouts are the plan's, a tip is no purchase
    const planUid = crypto.randomUUID();
    await db.paywall.create({ data: { platformId: s.platform.id, itemType: "plan", itemId: planUid, uniqueId: planUid, itemName: "Everything", isEnabled: true } });
    const session = (n: number, extra: { itemType: string; itemId: string; status: "open" | "complete"; kind?: string }) => ({
      stripeSessionId: `cs_test_insights_${s.platform.id}_${n}`,
      platformId: s.platform.id,
      mode: "payment",
      feeBps: 0,
      successUrl: "http://localhost:3000/ok",
      cancelUrl: "http://localhost:3000/cancel",
      ...extra,
    });
    await db.checkoutSession.createMany({
      data: [
        session(1, { itemType: "plan", itemId: planUid, status: "complete" }),
        session(2, { itemType: "plan", itemId: planUid, status: "open" }),
        session(3, { itemType: "course", itemId: "masterclass", kind: "tip", status: "complete" }),
      ],
    });
    await flushDecisionCounts();

    const res = await insights(s.pk, s.admin.id, { from: today(), to: tomorrow() });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ from: today(), to: tomorrow(), total_checks: 5 });
    expect(res.json.checks_by_reason).toEqual([
      { reason: "no_subscription", count: 4 },
      { reason: "active", count: 1 },
    ]);
    expect(res.json.by_day).toEqual([{ day: today(), allowed: 1, denied: 4 }]);
    expect(res.json.items).toEqual([
      { item_type: "course", item_id: "masterclass", name: "Masterclass", paywall_shown: 4, checkout_started: 3, paid: 2, conversion: "0.5000" },
      { item_type: "plan", item_id: planUid, name: "Everything", paywall_shown: 0, checkout_started: 2, paid: 1, conversion: null },
    ]);
    expect(res.json.most_blocked.map((i: { item_id: string }) => i.item_id)).toEqual(["masterclass"]);

    // a range before today holds none of it
    const before = await insights(s.pk, s.admin.id, { from: "2026-01-01", to: "2026-01-08" });
    expect(before.json).toMatchObject({ total_checks: 0, checks_by_reason: [], items: [], most_blocked: [] });
    expect(before.json.by_day.map((d: { day: string }) => d.day)).toEqual(["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04", "2026-01-05", "2026-01-06", "2026-01-07"]);
  });

  it("is for the platform's admins and refuses ranges it cannot answer", async () => {
    const platform = await createPlatform();
    const admin = await createUser({ platformId: platform.id, role: "admin" });
    const member = await createUser({ platformId: platform.id, role: "member" });
    const stranger = await createUser({ platformId: (await createPlatform()).id, role: "admin" });
    expect((await insights(platform.key, member.id)).status).toBe(403);
    expect((await insights(platform.key, stranger.id)).status).toBe(404);
    expect((await call(insightsRoute.GET, { params: { pk: platform.key } })).status).toBe(401);

    const bad = async (query: Record<string, string>) => {
      const res = await insights(platform.key, admin.id, query);
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(res.json.code).toBe("validation_error");
    };
    await bad({ from: "2026-02-01", to: "2026-01-01" });
    await bad({ from: "2026-01-01", to: "2026-01-01" });
    await bad({ from: "2020-01-01", to: "2026-01-01" });
    await bad({ from: "2020-01-01" });
    await bad({ from: "yesterday" });
    const empty = await insights(platform.key, admin.id);
    expect(empty.status).toBe(200);
    expect(empty.json).toMatchObject({ total_checks: 0, checks_by_reason: [], items: [], most_blocked: [] });
  });
});
