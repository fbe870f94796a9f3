import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import * as revenueRoute from "@/app/api/billing/platforms/[pk]/revenue/route";
import * as timeseriesRoute from "@/app/api/billing/platforms/[pk]/revenue/timeseries/route";
import * as metricsRoute from "@/app/api/billing/platforms/[pk]/metrics/route";
import * as paywallListRoute from "@/app/api/billing/platforms/[pk]/paywalls/route";
import * as operatorRevenueRoute from "@/app/api/operator/revenue/route";
import * as paywallRoute from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/paywall/route";
import * as pricesRoute from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/paywall/prices/route";
import { call } from "./support/http";
import { createPlatform, createUser } from "./support/fixtures";
import { useLocalStripe, type LocalStripeHarness } from "./support/local-stripe";
import { checkout, pay, sellingPlatform, type Item } from "./support/buy";

// One platform, every sale real (Local Stripe + webhooks), commission 10 %. The expected figures
// below are worked out by hand from the prices, in minor units:
//   usd item course/masterclass — monthly 10.00, yearly 99.99, one-time 24.99
//     A  one-time 24.99 (fee 2.50), partial refund 10.00 (fee reversed 1.00: 250 × 1000 / 2499)
//     B  monthly 10.00 (fee 1.00)                       — active
//     C  yearly 99.99 (fee 10.00: 999.9 rounds to 1000) — active
//     D  one-time 24.99 (fee 2.50), refunded in full (fee 2.50 back)
//     E  monthly 10.00 (fee 1.00), dispute lost (−10.00, fee 1.00 back) — still active
//     F  one-time 24.99 (fee 2.50), dispute won (−24.99 then +24.99; fee −2.50 then +2.50)
//     H  monthly 10.00 (fee 1.00), then canceled      — churned
//     G  monthly with a 1-day trial, paid 10.00 (fee 1.00) when the trial ends, on day D+1
//   eur item course/atelier — monthly 20.00, one-time 50.00
//     I  monthly 20.00 (fee 2.00) — active;  J  one-time 50.00 (fee 5.00)
// usd: 8 charges, gross 3×24.99 + 4×10.00 + 99.99 = 214.96; fees 21.50 − 1.00 − 2.50 − 1.00
//      − 2.50 + 2.50 = 17.00; refunds −10.00 − 24.99 = −34.99; disputes −10.00 − 24.99 + 24.99
//      = −10.00; net 214.96 − 17.00 − 34.99 − 10.00 = 152.97.
// eur: 2 charges, gross 70.00, fees 7.00, net 63.00.
// Day D holds every sale but G's (the virtual clock is moved to noon UTC of D first).

let ls: LocalStripeHarness;
beforeAll(async () => {
  ls = await useLocalStripe();
});
afterAll(async () => {
  await ls.close();
});

const DAY = 86_400;
const isoDate = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString().slice(0, 10);

async function chargeOfSession(sessionId: string): Promise<string> {
  const session = await ls.stripe.checkout.sessions.retrieve(sessionId);
  if (session.payment_intent) return (await ls.stripe.paymentIntents.retrieve(session.payment_intent as string)).latest_charge as string;
  const sub = await ls.stripe.subscriptions.retrieve(session.subscription as string);
  const invoice = await ls.stripe.invoices.retrieve(sub.latest_invoice as string, { expand: ["payments"] });
  const pi = await ls.stripe.paymentIntents.retrieve(invoice.payments!.data[0].payment.payment_intent as string);
  return pi.latest_charge as string;
}

describe("revenue, timeseries, metrics, per-item sales and operator revenue", () => {
  it("sums real sales, refunds and disputes by hand-checked figures", async () => {
    // the virtual clock at noon UTC of the next day, so day D is unambiguous whatever time the suite runs
    const clock = await ls.control<{ now: number }>("clock", {}, "GET");
    const noon = (Math.floor(clock.now / DAY) + 1) * DAY + DAY / 2;
    await ls.control("clock/advance", { seconds: noon - clock.now });
    const D = isoDate(noon);
    const dayAfter = (n: number) => isoDate(noon + n * DAY);

    const s = await sellingPlatform(ls, { bps: 1000 });
    const usd = s.item;
    await db.catalogItem.create({ data: { platformId: s.platform.id, itemType: "course", itemId: "atelier", name: "Atelier", description: "In euros." } });
    const eur: Item = { pk: s.pk, type: "course", id: "atelier" };
    await call(paywallRoute.PUT, { method: "PUT", sessionUserId: s.owner.id, params: eur, body: { is_enabled: true, trial_period_days: 0 } });
    const addEur = async (body: Record<string, unknown>) =>
      (await call(pricesRoute.POST, { method: "POST", sessionUserId: s.owner.id, params: eur, body: { currency: "eur", ...body } })).json as { id: string };
    const eurMonthly = await addEur({ name: "Monatlich", amount: "20.00", interval: "month", sort_order: 0 });
    const eurOnce = await addEur({ name: "Einmal", amount: "50.00", interval: "one_time", sort_order: 1 });

    const buy = async (item: Item, priceId: string) => {
      const learner = await createUser({ platformId: s.platform.id });
      const res = await checkout(learner.id, item, { price_id: priceId });
      expect(res.status).toBe(200);
      expect((await pay(ls, res.json.session_id)).status).toBe("succeeded");
      return { learner, sessionId: res.json.session_id as string };
    };
    const a = await buy(usd, s.prices.once.id);
    await buy(usd, s.prices.monthly.id); // B
    await buy(usd, s.prices.yearly.id); // C
    const d = await buy(usd, s.prices.once.id);
    const e = await buy(usd, s.prices.monthly.id);
    const f = await buy(usd, s.prices.once.id);
    const h = await buy(usd, s.prices.monthly.id);
    await buy(eur, eurMonthly.id); // I
    await buy(eur, eurOnce.id); // J

    const piOf = async (sessionId: string) => (await ls.stripe.checkout.sessions.retrieve(sessionId)).payment_intent as string;
    await ls.stripe.refunds.create({ payment_intent: await piOf(a.sessionId), amount: 1000 });
    await ls.stripe.refunds.create({ payment_intent: await piOf(d.sessionId) });
    await ls.flush();
    await ls.control(`charges/${await chargeOfSession(e.sessionId)}/dispute`, { outcome: "lost" });
    await ls.control(`charges/${await chargeOfSession(f.sessionId)}/dispute`, { outcome: "won" });
    await ls.flush();

    // subscriptions that exist before `mid` are the base of the churn rate
    await new Promise((r) => setTimeout(r, 20));
    const mid = new Date();
    await new Promise((r) => setTimeout(r, 20));

    // G: a 1-day trial, then paid on day D+1; H cancels
    await call(paywallRoute.PUT, { method: "PUT", sessionUserId: s.owner.id, params: usd, body: { trial_period_days: 1 } });
    await buy(usd, s.prices.monthly.id); // G
    const hSub = (await ls.stripe.checkout.sessions.retrieve(h.sessionId)).subscription as string;
    await ls.stripe.subscriptions.cancel(hSub);
    await ls.flush();

    const metricsRange = { from: mid.toISOString(), to: new Date((noon + 30 * DAY) * 1000).toISOString() };
    const during = await call(metricsRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk }, query: { ...metricsRange, currency: "usd" } });
    expect(during.status).toBe(200);
    expect(during.json).toMatchObject({ trialing_subscribers: 1, active_subscribers: 3 });

    // the trial ends at D+1 12:0x; the clock stops at D+1 13:00, so G's payment is on day D+1
    await ls.control("clock/advance", { seconds: DAY + 3600 });
    await ls.flush();

    // ---- revenue, all time: the five figures beside the existing ones, per currency
    const all = await call(revenueRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk } });
    expect(all.status).toBe(200);
    const usdAll = { gross: "214.96", fees: "17.00", refunds: "-34.99", disputes: "-10.00", net: "152.97", discounts: "0.00", tips: "0.00" };
    const eurAll = { gross: "70.00", fees: "7.00", refunds: "0.00", disputes: "0.00", net: "63.00", discounts: "0.00", tips: "0.00" };
    expect(all.json).toMatchObject({ currency: "usd", sales_count: 8, sales_volume: "152.97", ...usdAll, from: null, to: null });
    expect(all.json.by_currency).toEqual([
      { currency: "usd", sales_count: 8, sales_volume: "152.97", gross_volume: "214.96", commission: "17.00", ...usdAll },
      { currency: "eur", sales_count: 2, sales_volume: "63.00", gross_volume: "70.00", commission: "7.00", ...eurAll },
    ]);

    // ---- revenue with a range: `to` is exclusive at day granularity
    const dayD = await call(revenueRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk }, query: { from: D, to: dayAfter(1), currency: "usd" } });
    expect(dayD.json).toMatchObject({
      currency: "usd",
      sales_count: 7,
      gross: "204.96",
      fees: "16.00",
      refunds: "-34.99",
      disputes: "-10.00",
      net: "143.97",
      from: `${D}T00:00:00.000Z`,
      to: `${dayAfter(1)}T00:00:00.000Z`,
    });
    expect(dayD.json.by_currency).toHaveLength(1);
    const later = await call(revenueRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk }, query: { from: dayAfter(1) } });
    expect(later.json).toMatchObject({ currency: "usd", sales_count: 1, gross: "10.00", fees: "1.00", refunds: "0.00", disputes: "0.00", net: "9.00" });
    const eurOnly = await call(revenueRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk }, query: { currency: "eur" } });
    expect(eurOnly.json).toMatchObject({ currency: "eur", sales_count: 2, ...eurAll });
    const none = await call(revenueRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk }, query: { from: D, to: D } });
    expect(none.json).toMatchObject({ sales_count: 0, by_currency: [] });
    const backwards = await call(revenueRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk }, query: { from: dayAfter(1), to: D } });
    expect(backwards.status).toBe(400);
    expect(backwards.json.code).toBe("validation_error");
    expect((await call(revenueRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk }, query: { from: "yesterday" } })).status).toBe(400);
    expect((await call(revenueRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk }, query: { currency: "USD" } })).status).toBe(400);

    // ---- timeseries: every day present, zeros included; default currency = most sales (usd)
    const daily = await call(timeseriesRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk }, query: { from: D, to: dayAfter(3), interval: "day" } });
    expect(daily.status).toBe(200);
    expect(daily.json).toMatchObject({ currency: "usd", interval: "day" });
    const zero = { gross: "0.00", fees: "0.00", refunds: "0.00", disputes: "0.00", net: "0.00", sales_count: 0 };
    expect(daily.json.points).toEqual([
      { period_start: `${D}T00:00:00.000Z`, gross: "204.96", fees: "16.00", refunds: "-34.99", disputes: "-10.00", net: "143.97", sales_count: 7 },
      { period_start: `${dayAfter(1)}T00:00:00.000Z`, gross: "10.00", fees: "1.00", refunds: "0.00", disputes: "0.00", net: "9.00", sales_count: 1 },
      { period_start: `${dayAfter(2)}T00:00:00.000Z`, ...zero },
    ]);
    const eurDaily = await call(timeseriesRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk }, query: { from: D, to: dayAfter(2), currency: "eur" } });
    expect(eurDaily.json.points.map((p: { net: string }) => p.net)).toEqual(["63.00", "0.00"]);
    // weeks start on Monday and months on the 1st (2001-01-01 was a Monday); ranges long before any sale are all zeros
    const weeks = await call(timeseriesRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk }, query: { from: "2001-01-03", to: "2001-01-16", interval: "week" } });
    expect(weeks.json.points).toEqual(["2001-01-01", "2001-01-08", "2001-01-15"].map((d) => ({ period_start: `${d}T00:00:00.000Z`, ...zero })));
    const months = await call(timeseriesRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk }, query: { from: "2001-01-15", to: "2001-03-01", interval: "month" } });
    expect(months.json.points.map((p: { period_start: string }) => p.period_start)).toEqual(["2001-01-01T00:00:00.000Z", "2001-02-01T00:00:00.000Z"]);
    const hours = await call(timeseriesRoute.GET, {
      sessionUserId: s.admin.id,
      params: { pk: s.pk },
      query: { from: "2001-01-30T12:00:00Z", to: "2001-02-01", interval: "day" },
    });
    expect(hours.json.points.map((p: { period_start: string }) => p.period_start)).toEqual(["2001-01-30T00:00:00.000Z", "2001-01-31T00:00:00.000Z"]);
    // the week holding day D carries all usd money of D and D+1 unless D+1 starts a new week
    const weekly = await call(timeseriesRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk }, query: { from: D, to: dayAfter(2), interval: "week" } });
    const weekdayOfNextDay = new Date((noon + DAY) * 1000).getUTCDay(); // 1 = Monday
    expect(weekly.json.points.map((p: { gross: string }) => p.gross)).toEqual(weekdayOfNextDay === 1 ? ["204.96", "10.00"] : ["214.96"]);
    for (const p of weekly.json.points) expect(new Date(p.period_start).getUTCDay()).toBe(1);
    const tooMany = await call(timeseriesRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk }, query: { from: "2000-01-01", to: "2010-01-01" } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.code).toBe("too_many_points");
    expect((await call(timeseriesRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk }, query: { interval: "hour" } })).status).toBe(400);

    // ---- metrics: usd recurring B, C, E, G active (H canceled; A, D, F one-time)
    const metrics = await call(metricsRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk }, query: { ...metricsRange, currency: "usd" } });
    expect(metrics.status).toBe(200);
    expect(metrics.json).toMatchObject({
      currency: "usd",
      // 10.00 × 3 + 99.99 / 12 = 38.3325
      mrr: "38.33",
      active_subscribers: 4,
      trialing_subscribers: 0,
      past_due_subscribers: 0,
      new_subscribers: 1, // G
      churned_subscribers: 1, // H
      churn_rate: "0.2500", // 1 of B, C, E, H active at `mid`
      // the ledger is dated by Stripe's virtual clock (noon of D and later), ahead of the real `mid`,
      // so every usd payment is in the range: net 152.97, and 152.97 / 4 = 38.2425
      revenue: "152.97",
      arpu: "38.24",
    });
    expect(metrics.json.by_item).toEqual([
      { item_type: "course", item_id: "masterclass", item_name: "Masterclass", mrr: "38.33", active_subscribers: 4, revenue: "152.97" },
    ]);
    const eurMetrics = await call(metricsRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk }, query: { ...metricsRange, currency: "eur" } });
    expect(eurMetrics.json).toMatchObject({ currency: "eur", mrr: "20.00", active_subscribers: 1, new_subscribers: 0, churned_subscribers: 0, churn_rate: "0.0000", revenue: "63.00", arpu: "63.00" });
    // from the start of day D the base is empty: no churn rate; every subscription is new
    const fromD = await call(metricsRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk }, query: { from: "2001-01-01", to: metricsRange.to } });
    expect(fromD.json).toMatchObject({ currency: "usd", churn_rate: null, new_subscribers: 5, churned_subscribers: 1, revenue: "152.97" });
    expect((await call(metricsRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk }, query: { from: metricsRange.to, to: metricsRange.from } })).status).toBe(400);

    // ---- per-item sales on the paywall list
    const list = await call(paywallListRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk } });
    expect(list.status).toBe(200);
    const row = (id: string) => list.json.results.find((r: { item_id: string }) => r.item_id === id);
    expect(row("masterclass")).toMatchObject({ sales_count: 8, revenue: [{ currency: "usd", amount: "152.97", sales_count: 8 }] });
    expect(row("atelier")).toMatchObject({ sales_count: 2, revenue: [{ currency: "eur", amount: "63.00", sales_count: 2 }] });

    // ---- operator revenue: per platform and currency, totals per currency
    const operator = await createUser({ isOperator: true });
    const op = await call(operatorRevenueRoute.GET, { sessionUserId: operator.id });
    expect(op.status).toBe(200);
    const mine = op.json.platforms.filter((p: { platform_key: string }) => p.platform_key === s.pk);
    expect(mine).toEqual([
      { platform_key: s.pk, platform_name: s.platform.name, currency: "usd", gross: "214.96", commission: "17.00", refunds: "-34.99", disputes: "-10.00", net: "152.97", sales_count: 8 },
      { platform_key: s.pk, platform_name: s.platform.name, currency: "eur", gross: "70.00", commission: "7.00", refunds: "0.00", disputes: "0.00", net: "63.00", sales_count: 2 },
    ]);
    // no other platform in this file sells, so the totals are this platform's
    expect(op.json.totals).toEqual([
      { currency: "usd", gross: "214.96", commission: "17.00", refunds: "-34.99", disputes: "-10.00", net: "152.97", sales_count: 8, platform_count: 1 },
      { currency: "eur", gross: "70.00", commission: "7.00", refunds: "0.00", disputes: "0.00", net: "63.00", sales_count: 2, platform_count: 1 },
    ]);
    const opLater = await call(operatorRevenueRoute.GET, { sessionUserId: operator.id, query: { from: dayAfter(1) } });
    expect(opLater.json.totals).toEqual([{ currency: "usd", gross: "10.00", commission: "1.00", refunds: "0.00", disputes: "0.00", net: "9.00", sales_count: 1, platform_count: 1 }]);
    expect((await call(operatorRevenueRoute.GET, { sessionUserId: s.owner.id })).status).toBe(403);
    expect((await call(operatorRevenueRoute.GET, { sessionUserId: operator.id, query: { from: dayAfter(1), to: D } })).status).toBe(400);

    // payouts are not revenue: a payout row leaves every figure as it was
    await db.ledgerEntry.create({
      data: {
        kind: "payout",
        amount: -5000,
        currency: "usd",
        feeBps: 0,
        feeAmount: 0,
        netAmount: -5000,
        platformId: s.platform.id,
        sourceEventId: "evt_test_payout_not_revenue",
        occurredAt: new Date((noon + 3600) * 1000),
      },
    });
    const afterPayout = await call(revenueRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk } });
    expect(afterPayout.json).toMatchObject({ sales_count: 8, ...usdAll });
  });

  it("counts subscription metrics by status, interval, currency and range (edge cases written directly)", async () => {
    // rows written directly: statuses and dates no checkout can produce on demand
    const platform = await createPlatform();
    const admin = await createUser({ platformId: platform.id, role: "admin" });
    const paywall = await db.paywall.create({ data: { platformId: platform.id, itemType: "course", itemId: "c1", itemName: "Course One", isEnabled: true } });
    const price = await db.price.create({ data: { paywallId: paywall.id, name: "Monthly", amount: 700, currency: "usd", interval: "month" } });
    let n = 0;
    const sub = (data: Record<string, unknown>) =>
      db.subscription.create({
        data: { platformId: platform.id, itemType: "course", itemId: "c1", email: `s${++n}@example.test`, status: "active", amount: 1500, currency: "usd", interval: "month", ...data } as never,
      });
    const at = (iso: string) => new Date(`${iso}T12:00:00Z`);
    await sub({ createdAt: at("2029-12-01") }); // s1 active monthly 15.00: base, MRR
    await sub({ createdAt: at("2029-06-01"), interval: "year", amount: 12000 }); // s2 yearly 120.00: base, MRR 10.00
    await sub({ createdAt: at("2029-11-01"), status: "canceled", canceledAt: at("2030-01-10") }); // s3 base, churned
    await sub({ createdAt: at("2029-10-01"), status: "canceled", canceledAt: at("2029-12-15") }); // s4 gone before the range
    await sub({ createdAt: at("2029-12-20"), status: "past_due" }); // s5 base, past due, no MRR
    await sub({ createdAt: at("2030-01-05"), status: "trialing", hadTrial: true }); // s6 new, trialing
    await sub({ createdAt: at("2030-01-06"), status: "incomplete" }); // s7 never started
    await sub({ createdAt: at("2030-01-07"), status: "grandfathered", isGrandfathered: true, amount: null, currency: null }); // s8 free access
    await sub({ createdAt: at("2030-01-08"), interval: "one_time", amount: 5000 }); // s9 one-time purchase
    await sub({ createdAt: at("2030-01-09"), currency: "eur", amount: 900 }); // s10 another currency
    await sub({ createdAt: at("2030-01-20"), amount: null, currency: null, interval: null, priceId: price.id }); // s11 the tier's 7.00/month
    await sub({ createdAt: at("2029-12-02"), status: "canceled", canceledAt: new Date("2030-02-01T00:00:00Z") }); // s12 canceled at `to` (exclusive)

    const entry = (kind: "charge" | "refund" | "payout", amount: number, fee: number, day: string, itemId: string | null, ref: string) =>
      db.ledgerEntry.create({
        data: { kind, amount, currency: "usd", feeBps: 1000, feeAmount: fee, netAmount: amount - fee, platformId: platform.id, itemType: itemId ? "course" : null, itemId, sourceEventId: `evt_metrics_${ref}`, occurredAt: at(day) },
      });
    await entry("charge", 3002, 300, "2030-01-15", "c1", "a"); // net 27.02
    await entry("refund", -1000, -100, "2030-01-16", "c1", "b"); // net −9.00
    await entry("charge", 1000, 100, "2030-01-20", "c2", "c"); // net 9.00, an item without paywall
    await entry("charge", 1000, 100, "2029-12-31", "c1", "d"); // before the range
    await entry("payout", -2000, 0, "2030-01-17", null, "e"); // not revenue

    const res = await call(metricsRoute.GET, { sessionUserId: admin.id, params: { pk: platform.key }, query: { from: "2030-01-01", to: "2030-02-01" } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      currency: "usd", // the only currency with sales
      from: "2030-01-01T00:00:00.000Z",
      to: "2030-02-01T00:00:00.000Z",
      mrr: "32.00", // 15.00 + 120.00 / 12 + 7.00
      active_subscribers: 3, // s1, s2, s11
      trialing_subscribers: 1,
      past_due_subscribers: 1,
      new_subscribers: 2, // s6, s11
      churned_subscribers: 1, // s3
      churn_rate: "0.2000", // 1 of s1, s2, s3, s5, s12
      revenue: "27.02", // 27.02 − 9.00 + 9.00
      arpu: "9.01", // 27.02 / 3 = 9.0066…
      by_item: [
        { item_type: "course", item_id: "c1", item_name: "Course One", mrr: "32.00", active_subscribers: 3, revenue: "18.02" },
        { item_type: "course", item_id: "c2", item_name: "c2", mrr: "0.00", active_subscribers: 0, revenue: "9.00" },
      ],
    });
    const eurMetrics = await call(metricsRoute.GET, { sessionUserId: admin.id, params: { pk: platform.key }, query: { from: "2030-01-01", to: "2030-02-01", currency: "eur" } });
    expect(eurMetrics.json).toMatchObject({ mrr: "9.00", active_subscribers: 1, new_subscribers: 1, churn_rate: null, revenue: "0.00", arpu: "0.00" });

    // without a range the timeseries holds the last 30 days, today last
    const series = await call(timeseriesRoute.GET, { sessionUserId: admin.id, params: { pk: platform.key } });
    expect(series.json.points).toHaveLength(30);
    const last = Date.parse(series.json.points[29].period_start);
    expect(Date.now() - last).toBeGreaterThanOrEqual(0);
    expect(Date.now() - last).toBeLessThan(DAY * 1000);
    // January 2030 by week: 5 Mondays from 2029-12-31 (a Monday); the payout is in no figure
    const weekly = await call(timeseriesRoute.GET, { sessionUserId: admin.id, params: { pk: platform.key }, query: { from: "2030-01-01", to: "2030-02-01", interval: "week" } });
    expect(weekly.json.points.map((p: { period_start: string; net: string }) => [p.period_start.slice(0, 10), p.net])).toEqual([
      ["2029-12-31", "0.00"],
      ["2030-01-07", "0.00"],
      ["2030-01-14", "27.02"], // 15th, 16th and Sunday 20th
      ["2030-01-21", "0.00"],
      ["2030-01-28", "0.00"],
    ]);
  });
});
