import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { receiveStripeWebhook } from "@/lib/webhooks/receive-event";
import { debitWallet } from "@/lib/wallets/wallet-ledger";
import * as pricesRoute from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/paywall/prices/route";
import * as priceRoute from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/paywall/prices/[price_id]/route";
import { call } from "./support/http";
import { createUser } from "./support/fixtures";
import { localStripeForFile } from "./support/local-stripe";
import { checkout, pay, sellingPlatform } from "./support/buy";

const ls = localStripeForFile();
const sdk = new Stripe("sk_test_x");

type Selling = Awaited<ReturnType<typeof sellingPlatform>>;

function addTier(s: Selling, body: Record<string, unknown>) {
  return call(pricesRoute.POST, { method: "POST", sessionUserId: s.owner.id, params: s.item, body });
}

/** Moves Local Stripe's clock just past `target` and delivers what fell due (renewals). */
async function advancePast(target: Date) {
  const { now } = await ls.control<{ now: number }>("clock", undefined, "GET");
  const t = Math.floor(target.getTime() / 1000);
  if (t >= now) await ls.control("clock/advance", { seconds: t - now + 60 });
  await ls.flush();
}

/** Delivers Stripe's invoice.paid of `invoiceId` again under fresh event ids, concurrently. */
async function redeliverInvoicePaid(invoiceId: string, times = 3) {
  const events = (await ls.stripe.events.list({ type: "invoice.paid", limit: 100 })).data.filter((e) => (e.data.object as { id: string }).id === invoiceId);
  expect(events.length).toBeGreaterThan(0);
  const results = await Promise.all(
    Array.from({ length: times }, (_, i) => {
      const payload = JSON.stringify({ ...events[0], id: `${events[0].id}_again_${i}_${Date.now()}` });
      return receiveStripeWebhook("platform", payload, sdk.webhooks.generateTestHeaderString({ payload, secret: process.env.STRIPE_WEBHOOK_SECRET! }));
    }),
  );
  for (const r of results) expect(r.status).toBe(200);
}

async function subscribe(s: Selling, priceId: string, userId: string) {
  const started = await checkout(userId, s.item, { price_id: priceId });
  expect(started.status).toBe(200);
  await pay(ls, started.json.session_id);
  const stripeSubId = (await ls.stripe.checkout.sessions.retrieve(started.json.session_id)).subscription as string;
  return db.subscription.findUniqueOrThrow({ where: { stripeSubscriptionId: stripeSubId } });
}

const entries = (platformId: string, userId: string) =>
  db.walletEntry.findMany({ where: { platformId, wallet: { userId } }, orderBy: { createdAt: "asc" } });
const balance = async (platformId: string, userId: string) =>
  (await db.wallet.findUnique({ where: { platformId_userId: { platformId, userId } } }))?.balance ?? 0;

describe("credits granted by recurring tiers", { timeout: 120_000 }, () => {
  it("tiers carry grant and metering fields; one-time tiers refuse grants", async () => {
    const s = await sellingPlatform(ls);
    const tier = await addTier(s, { name: "Pro", amount: "20.00", interval: "month", grant_credits: 100, grant_rollover: true, included_units: 50, unit_credits: 2 });
    expect(tier.status).toBe(201);
    expect(tier.json).toMatchObject({ grant_credits: 100, grant_rollover: true, included_units: 50, unit_credits: 2 });
    expect((await addTier(s, { name: "Plain", amount: "5.00", interval: "month" })).json).toMatchObject({
      grant_credits: null,
      grant_rollover: false,
      included_units: null,
      unit_credits: null,
    });

    const once = await addTier(s, { name: "Forever", amount: "50.00", interval: "one_time", grant_credits: 10 });
    expect(once.status).toBe(400);
    expect(once.json).toMatchObject({ code: "validation_error", errors: { grant_credits: [expect.any(String)] } });
    expect((await addTier(s, { name: "Zero", amount: "5.00", interval: "month", grant_credits: 0 })).json.code).toBe("validation_error");

    // a one-time tier cannot gain grants, and a granting tier cannot become one-time
    const onceId = s.prices.once.id;
    const patchOnce = await call(priceRoute.PATCH, { method: "PATCH", sessionUserId: s.owner.id, params: { ...s.item, price_id: onceId }, body: { grant_credits: 5 } });
    expect(patchOnce.status).toBe(400);
    expect(patchOnce.json.code).toBe("validation_error");
    const toOnce = await call(priceRoute.PATCH, { method: "PATCH", sessionUserId: s.owner.id, params: { ...s.item, price_id: tier.json.id }, body: { interval: "one_time" } });
    expect(toOnce.status).toBe(400);
    expect(toOnce.json.code).toBe("validation_error");
    const cleared = await call(priceRoute.PATCH, { method: "PATCH", sessionUserId: s.owner.id, params: { ...s.item, price_id: tier.json.id }, body: { grant_credits: null } });
    expect(cleared.json).toMatchObject({ grant_credits: null });
  });

  it("each paid invoice grants once; without rollover the unspent rest of the previous grant expires", async () => {
    const s = await sellingPlatform(ls);
    const tier = (await addTier(s, { name: "Credits", amount: "15.00", interval: "month", grant_credits: 100 })).json;
    const learner = await createUser();
    const sub = await subscribe(s, tier.id, learner.id);
    const firstInvoice = (await ls.stripe.subscriptions.retrieve(sub.stripeSubscriptionId!)).latest_invoice as string;
    await redeliverInvoicePaid(firstInvoice, 4);
    expect(await balance(s.platform.id, learner.id)).toBe(100);
    expect((await entries(s.platform.id, learner.id)).map((e) => [e.kind, e.amount, e.sourceKey])).toEqual([["grant", 100, `grant:${firstInvoice}`]]);

    // 30 used; the next period expires the other 70 and grants 100 afresh
    expect((await debitWallet(s.platform.id, learner.id, "usage", 30, { reason: "test usage" })).ok).toBe(true);
    await advancePast(sub.currentPeriodEnd!);
    const secondInvoice = (await ls.stripe.subscriptions.retrieve(sub.stripeSubscriptionId!)).latest_invoice as string;
    expect(secondInvoice).not.toBe(firstInvoice);
    await redeliverInvoicePaid(secondInvoice, 3);
    await redeliverInvoicePaid(firstInvoice, 2);
    expect((await entries(s.platform.id, learner.id)).map((e) => [e.kind, e.amount, e.balanceAfter, e.sourceKey])).toEqual([
      ["grant", 100, 100, `grant:${firstInvoice}`],
      ["usage", -30, 70, null],
      ["expiry", -70, 0, `expiry:${secondInvoice}`],
      ["grant", 100, 100, `grant:${secondInvoice}`],
    ]);
    expect(await balance(s.platform.id, learner.id)).toBe(100);
  });

  it("with rollover, unused granted credits stay and the next grant adds to them", async () => {
    const s = await sellingPlatform(ls);
    const tier = (await addTier(s, { name: "Rolling", amount: "15.00", interval: "month", grant_credits: 40, grant_rollover: true })).json;
    const learner = await createUser();
    const sub = await subscribe(s, tier.id, learner.id);
    expect((await debitWallet(s.platform.id, learner.id, "usage", 10, { reason: "test usage" })).ok).toBe(true);
    await advancePast(sub.currentPeriodEnd!);
    expect(await balance(s.platform.id, learner.id)).toBe(70);
    const kinds = (await entries(s.platform.id, learner.id)).map((e) => e.kind);
    expect(kinds).toEqual(["grant", "usage", "grant"]);
  });
});
