import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { PEER_ADDRESS_HEADER } from "@/lib/security/client-ip";
import { saleEventSchema } from "@/lib/sale-events/sale-event-schema";
import { tipBounds } from "@/lib/tips/tip-schema";
import * as tipRoute from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/tip/route";
import * as revenueRoute from "@/app/api/billing/platforms/[pk]/revenue/route";
import * as summaryRoute from "@/app/api/billing/platforms/[pk]/payouts/summary/route";
import * as ledgerRoute from "@/app/api/billing/platforms/[pk]/ledger/route";
import { call } from "./support/http";
import { createUser } from "./support/fixtures";
import { localStripeForFile } from "./support/local-stripe";
import { accessCheck, pay, sellingPlatform, type Item } from "./support/buy";

const ls = localStripeForFile();

type Selling = Awaited<ReturnType<typeof sellingPlatform>>;

/** A selling platform (10 % commission on courses) that takes tips. */
async function tippingPlatform() {
  const s = await sellingPlatform(ls, { bps: 1000 });
  await db.platform.update({ where: { id: s.platform.id }, data: { tipsEnabled: true } });
  return s;
}

function tip(item: Item, body: Record<string, unknown>, opts: { userId?: string; ip?: string } = {}) {
  return call(tipRoute.POST, {
    method: "POST",
    sessionUserId: opts.userId,
    params: item,
    body,
    headers: { [PEER_ADDRESS_HEADER]: opts.ip ?? "203.0.113.40" },
  });
}

const tipSessions = (platformId: string) => db.checkoutSession.count({ where: { platformId, kind: "tip" } });

describe("tips", { timeout: 120_000 }, () => {
  it("a member's tip: destination charge with the commission, a `tip` ledger row, no purchase or access; it shows in revenue, payouts and refunds", async () => {
    const s: Selling = await tippingPlatform();
    const fan = await createUser({ platformId: s.platform.id });
    const res = await tip(s.item, { amount: "7.50", currency: "usd", message: "Thanks for the course!", email: "ignored@example.test" }, { userId: fan.id });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ platform_key: s.pk });
    expect(res.json.session_id).toMatch(/^cs_/);
    expect(res.json.checkout_url).toMatch(/^https?:\/\//);

    // our row: a tip, no tier, the signed-in member's e-mail (not the one in the body)
    const row = await db.checkoutSession.findUniqueOrThrow({ where: { stripeSessionId: res.json.session_id } });
    const paywall = await db.paywall.findUniqueOrThrow({ where: { uniqueId: s.uid } });
    expect(row).toMatchObject({
      kind: "tip",
      paywallId: paywall.id,
      priceId: null,
      itemType: "course",
      itemId: "masterclass",
      userId: fan.id,
      email: fan.email,
      isGuest: false,
      mode: "payment",
      feeBps: 1000,
      listAmount: 750,
      tipMessage: "Thanks for the course!",
      status: "open",
    });

    const session = await ls.stripe.checkout.sessions.retrieve(res.json.session_id, { expand: ["line_items"] });
    expect(session.mode).toBe("payment");
    expect(session.metadata).toMatchObject({ purchase_kind: "tip", item_type: "course", item_id: "masterclass", fee_bps: "1000", tip_message: "Thanks for the course!" });
    expect(session.metadata).not.toHaveProperty("price_unique_id");
    expect(session.line_items?.data[0]).toMatchObject({ amount_total: 750, currency: "usd", description: "Tip for Masterclass" });

    await pay(ls, res.json.session_id);
    const pi = await ls.stripe.paymentIntents.retrieve((await ls.stripe.checkout.sessions.retrieve(res.json.session_id)).payment_intent as string);
    expect(pi.application_fee_amount).toBe(75);
    expect(pi.transfer_data?.destination).toBe(s.accountId);

    const rows = await db.ledgerEntry.findMany({ where: { platformId: s.platform.id } });
    expect(rows.map((r) => [r.kind, r.amount, r.feeBps, r.feeAmount, r.netAmount, r.discountAmount, r.itemType, r.itemId, r.subscriptionId, r.priceId])).toEqual([
      ["tip", 750, 1000, 75, 675, 0, "course", "masterclass", null, null],
    ]);
    const tipRow = rows[0];
    expect(tipRow.description).toBe("Tip");
    expect(tipRow.stripeChargeId).toMatch(/^(ch|py)_/);

    // a tip grants nothing: no purchase row, no access
    expect(await db.subscription.count({ where: { platformId: s.platform.id } })).toBe(0);
    expect((await accessCheck(fan.id, s.item)).json.has_access).toBe(false);
    expect((await db.checkoutSession.findUniqueOrThrow({ where: { stripeSessionId: res.json.session_id } })).status).toBe("complete");

    // one sale event, tip.received, with the message and what was paid
    const events = await db.saleEvent.findMany({ where: { platformId: s.platform.id } });
    expect(events.map((e) => [e.type, e.dedupeKey])).toEqual([["tip.received", `tip.received:${res.json.session_id}`]]);
    const payload = saleEventSchema.parse(events[0].payload);
    expect(payload.data).toMatchObject({
      item: { type: "course", id: "masterclass", name: "Masterclass" },
      buyer: { email: fan.email, user_id: fan.id },
      purchase: { id: res.json.session_id, status: "paid", interval: "one_time", amount: 750, currency: "usd", tier: null },
      payment: { amount: 750, currency: "usd" },
      tip: { message: "Thanks for the course!" },
    });

    // revenue: a tip is gross, commission and net like a charge, and shown on its own; it is not a sale
    const asAdmin = { sessionUserId: s.admin.id, params: { pk: s.pk } };
    const revenue = await call(revenueRoute.GET, asAdmin);
    expect(revenue.status).toBe(200);
    expect(revenue.json).toMatchObject({ currency: "usd", gross: "7.50", fees: "0.75", net: "6.75", tips: "7.50", discounts: "0.00", sales_count: 0 });
    expect((await call(summaryRoute.GET, asAdmin)).json.by_currency).toEqual([{ currency: "usd", earned: "6.75", paid_out: "0.00", pending: "6.75" }]);
    const ledger = await call(ledgerRoute.GET, { ...asAdmin, query: { kind: "tip" } });
    expect(ledger.status).toBe(200);
    expect(ledger.json.results).toEqual([
      expect.objectContaining({ kind: "tip", amount: "7.50", fee_amount: "0.75", net_amount: "6.75", discount_amount: "0.00", gross_amount: "7.50", fee_bps: 1000 }),
    ]);

    // a partial refund of the tip reverses its commission pro rata, and still grants or revokes nothing
    await ls.stripe.refunds.create({ charge: tipRow.stripeChargeId!, amount: 250 });
    await ls.flush();
    const refunds = await db.ledgerEntry.findMany({ where: { platformId: s.platform.id, kind: "refund" } });
    expect(refunds.map((r) => [r.amount, r.feeAmount, r.netAmount, r.discountAmount, r.stripeChargeId, r.itemId])).toEqual([[-250, -25, -225, 0, tipRow.stripeChargeId, "masterclass"]]);
    expect(await db.subscription.count({ where: { platformId: s.platform.id } })).toBe(0);
    expect((await call(revenueRoute.GET, asAdmin)).json).toMatchObject({ gross: "7.50", refunds: "-2.50", fees: "0.50", net: "4.50", tips: "7.50" });
    expect((await call(summaryRoute.GET, asAdmin)).json.by_currency[0]).toMatchObject({ earned: "4.50" });
  });

  it("a guest tips with an e-mail; without one, or with tips turned off, nothing reaches Stripe", async () => {
    const s = await sellingPlatform(ls);
    // tips are off by default
    const off = await tip(s.item, { amount: "5.00", currency: "usd", email: "guest@example.test" });
    expect(off.status).toBe(400);
    expect(off.json.code).toBe("tips_disabled");
    await db.platform.update({ where: { id: s.platform.id }, data: { tipsEnabled: true } });

    const noEmail = await tip(s.item, { amount: "5.00", currency: "usd" });
    expect(noEmail.status).toBe(400);
    expect(noEmail.json).toMatchObject({ code: "validation_error", errors: { email: [expect.any(String)] } });
    expect(await tipSessions(s.platform.id)).toBe(0);

    const guest = await tip(s.item, { amount: 12, currency: "usd", email: "  Guest@Example.test " });
    expect(guest.status).toBe(200);
    const row = await db.checkoutSession.findUniqueOrThrow({ where: { stripeSessionId: guest.json.session_id } });
    expect(row).toMatchObject({ kind: "tip", email: "guest@example.test", isGuest: true, userId: null, listAmount: 1200, tipMessage: null, feeBps: 2500 });
    await pay(ls, guest.json.session_id);
    expect((await db.ledgerEntry.findMany({ where: { platformId: s.platform.id } })).map((r) => [r.kind, r.amount, r.feeAmount, r.netAmount])).toEqual([["tip", 1200, 300, 900]]);
    expect(await db.subscription.count({ where: { platformId: s.platform.id } })).toBe(0);
  });

  it("refuses amounts outside 1.00–1000.00 (100–100000 in zero-decimal currencies), long messages, unknown items and sellers that cannot sell", async () => {
    const s = await tippingPlatform();
    const guest = { email: "tipper@example.test" };
    const cases: [amount: string, currency: string, code: string | null, bounds?: [string, string]][] = [
      ["0.99", "usd", "amount_out_of_range", ["1.00", "1000.00"]],
      ["1.00", "usd", null],
      ["1000.00", "usd", null],
      ["1000.01", "usd", "amount_out_of_range", ["1.00", "1000.00"]],
      ["99", "jpy", "amount_out_of_range", ["100", "100000"]],
      ["100", "jpy", null],
      ["100001", "jpy", "amount_out_of_range", ["100", "100000"]],
      ["1.5", "jpy", "validation_error"],
      ["0.99", "kwd", "amount_out_of_range", ["1.000", "1000.000"]],
      ["0", "usd", "validation_error"],
      ["abc", "usd", "validation_error"],
    ];
    for (const [amount, currency, code, bounds] of cases) {
      const res = await tip(s.item, { amount, currency, ...guest });
      if (!code) {
        expect(res.status, `${amount} ${currency}`).toBe(200);
        continue;
      }
      expect(res.status, `${amount} ${currency}`).toBe(400);
      expect(res.json.code, `${amount} ${currency}`).toBe(code);
      expect(res.json.errors?.amount, `${amount} ${currency}`).toBeDefined();
      if (bounds) expect([res.json.minimum, res.json.maximum]).toEqual(bounds);
    }
    expect(tipBounds("usd")).toEqual({ min: 100, max: 100_000 });
    expect(tipBounds("jpy")).toEqual({ min: 100, max: 100_000 });
    expect(tipBounds("kwd")).toEqual({ min: 1_000, max: 1_000_000 });
    const accepted = await tipSessions(s.platform.id);
    expect(accepted).toBe(3);

    const long = await tip(s.item, { amount: "5.00", currency: "usd", message: "x".repeat(501), ...guest });
    expect(long.status).toBe(400);
    expect(long.json).toMatchObject({ code: "validation_error", errors: { message: [expect.any(String)] } });
    const badCurrency = await tip(s.item, { amount: "5.00", currency: "xyz", ...guest });
    expect(badCurrency.status).toBe(400);
    const elsewhere = await tip(s.item, { amount: "5.00", currency: "usd", success_url: "https://evil.example/thanks", ...guest });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.json).toMatchObject({ code: "validation_error", errors: { success_url: [expect.any(String)] } });

    // no catalog item and no paywall: nothing to tip
    const unknown = await tip({ pk: s.pk, type: "course", id: "no-such-course" }, { amount: "5.00", currency: "usd", ...guest });
    expect(unknown.status).toBe(404);
    // a catalog item without a paywall can be tipped
    await db.catalogItem.create({ data: { platformId: s.platform.id, itemType: "course", itemId: "free-intro", name: "Free intro" } });
    const free = await tip({ pk: s.pk, type: "course", id: "free-intro" }, { amount: "5.00", currency: "usd", ...guest });
    expect(free.status).toBe(200);
    const freeRow = await db.checkoutSession.findUniqueOrThrow({ where: { stripeSessionId: free.json.session_id } });
    expect(freeRow).toMatchObject({ kind: "tip", paywallId: null, itemId: "free-intro" });
    const freeSession = await ls.stripe.checkout.sessions.retrieve(free.json.session_id, { expand: ["line_items"] });
    expect(freeSession.line_items?.data[0].description).toBe("Tip for Free intro");

    await db.platform.update({ where: { id: s.platform.id }, data: { enableMonetization: false } });
    const unsellable = await tip(s.item, { amount: "5.00", currency: "usd", ...guest });
    expect(unsellable.status).toBe(400);
    expect(unsellable.json.code).toBe("not_sellable");
    expect(await tipSessions(s.platform.id)).toBe(accepted + 1);
  });
});
