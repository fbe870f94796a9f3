import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import * as refundsRoute from "@/app/api/billing/platforms/[pk]/refunds/route";
import * as reconciliationRoute from "@/app/api/billing/platforms/[pk]/reconciliation/route";
import { call } from "./support/http";
import { createUser } from "./support/fixtures";
import { useLocalStripe, type LocalStripeHarness } from "./support/local-stripe";
import { checkout, pay, sellingPlatform } from "./support/buy";

let ls: LocalStripeHarness;
beforeAll(async () => {
  ls = await useLocalStripe();
});
afterAll(async () => {
  await ls.close();
});

type Selling = Awaited<ReturnType<typeof sellingPlatform>>;
const DAY = 24 * 60 * 60 * 1000;

async function buy(s: Selling, priceId: string, card = "4242424242424242") {
  const learner = await createUser({ platformId: s.platform.id });
  const res = await checkout(learner.id, s.item, { price_id: priceId });
  await pay(ls, res.json.session_id, card);
}

function refund(s: Selling, body: Record<string, unknown>) {
  return call(refundsRoute.POST, { method: "POST", sessionUserId: s.admin.id, params: { pk: s.pk }, body });
}

/** A range around the platform's sales, by the virtual clock of Local Stripe (which dates the ledger). */
async function around(s: Selling) {
  const first = await db.ledgerEntry.findFirst({ where: { platformId: s.platform.id }, orderBy: { occurredAt: "asc" } });
  const at = first?.occurredAt.getTime() ?? Date.now();
  return { from: new Date(at - DAY).toISOString(), to: new Date(at + DAY).toISOString() };
}

function reconcile(s: Selling, query: Record<string, string>, userId = s.admin.id) {
  return call(reconciliationRoute.GET, { sessionUserId: userId, params: { pk: s.pk }, query });
}

// each case makes real sales through Local Stripe and its webhooks
describe("reconciliation", { timeout: 120_000 }, () => {
  it("finds no difference after sales, a partial and a full refund and a dispute; then reports injected ones", async () => {
    const s = await sellingPlatform(ls);
    await buy(s, s.prices.once.id);
    await buy(s, s.prices.once.id);
    await buy(s, s.prices.monthly.id);
    await buy(s, s.prices.once.id, "4000000000000259"); // disputed right after the sale
    await ls.flush();
    const charges = await db.ledgerEntry.findMany({ where: { platformId: s.platform.id, kind: "charge" }, orderBy: { createdAt: "asc" } });
    expect(charges).toHaveLength(4);
    expect((await refund(s, { ledger_entry_id: charges[0].id, amount: "7.50", reason: "partial" })).status).toBe(202);
    expect((await refund(s, { ledger_entry_id: charges[1].id, reason: "full" })).status).toBe(202);
    await ls.flush();
    const kinds = (await db.ledgerEntry.findMany({ where: { platformId: s.platform.id } })).map((r) => r.kind).sort();
    expect(kinds).toEqual(["charge", "charge", "charge", "charge", "dispute", "refund", "refund"]);

    const range = await around(s);
    const clean = await reconcile(s, range);
    expect(clean.status).toBe(200);
    expect(clean.json.differences).toEqual([]);
    expect(clean.json.checked).toBe(7);

    // a refund made in Stripe whose webhook has not been applied: the ledger is behind
    await ls.control("faults", { webhooks: { delay_ms: 8_000 } });
    await ls.stripe.refunds.create({ charge: charges[2].stripeChargeId!, amount: 300, refund_application_fee: true, reverse_transfer: true });
    const behind = await reconcile(s, range);
    await ls.clearFaults();
    const refundDiff = behind.json.differences.find((d: { kind: string }) => d.kind === "refund");
    expect(refundDiff).toMatchObject({ stripe_id: charges[2].stripeChargeId, ledger_amount: "0.00", stripe_amount: "-3.00", delta: "-3.00", currency: "usd" });
    expect(behind.json.differences.map((d: { kind: string }) => d.kind).sort()).toEqual(["application_fee", "refund", "transfer"]);
    await ls.flush();
    expect((await reconcile(s, range)).json.differences).toEqual([]);

    // a row written straight into the ledger with a wrong amount (INSERT is what the ledger allows)
    const wrong = await db.ledgerEntry.create({
      data: {
        ...charges[3],
        id: undefined,
        createdAt: undefined,
        kind: "charge",
        amount: 100,
        feeAmount: 0,
        netAmount: 100,
        sourceEventId: "evt_injected_by_test",
      },
    });
    const injected = await reconcile(s, range);
    const chargeDiff = injected.json.differences.find((d: { kind: string }) => d.kind === "charge");
    expect(chargeDiff).toMatchObject({ stripe_id: charges[3].stripeChargeId, ledger_amount: "25.99", stripe_amount: "24.99", delta: "-1.00" });
    expect(injected.json.checked).toBe(9);
    expect(wrong.id).toBeTruthy();
  });

  it("bounds the range, answers admins only and 503 when Stripe cannot be read", async () => {
    const s = await sellingPlatform(ls);
    await buy(s, s.prices.once.id);
    const range = await around(s);
    const tooLong = await reconcile(s, { from: "2026-01-01", to: "2026-06-01" });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.code).toBe("range_too_long");
    expect((await reconcile(s, { from: range.to, to: range.from })).json.code).toBe("invalid_range");
    expect((await reconcile(s, { from: "yesterday", to: range.to })).status).toBe(400);
    expect((await reconcile(s, { to: range.to })).status).toBe(400);
    const member = await createUser({ platformId: s.platform.id });
    expect((await reconcile(s, range, member.id)).status).toBe(403);

    await ls.fault("/v1/charges", 1);
    const down = await reconcile(s, range);
    expect(down.status).toBe(503);
    expect(down.json.code).toBe("stripe_unavailable");
    await ls.clearFaults();
    expect((await reconcile(s, { from: range.from.slice(0, 10), to: range.to.slice(0, 10) })).json).toMatchObject({ checked: 1, differences: [] });
  });

  it("compares the connected account's payouts once the ledger has payout rows", async () => {
    const s = await sellingPlatform(ls);
    await buy(s, s.prices.once.id);
    const range = await around(s);
    const wide = { from: range.from, to: new Date(Date.parse(range.from) + 30 * DAY).toISOString() };
    // the transfer is pending for 2 days (virtual clock), then paid out 2 days after it is asked
    await ls.control("clock/advance", { seconds: 2 * 86_400 + 60 });
    await ls.flush();
    const payout = await ls.stripe.payouts.create({ amount: 1000, currency: "usd" }, { stripeAccount: s.accountId });
    await ls.control("clock/advance", { seconds: 2 * 86_400 + 60 });
    await ls.flush();
    const row = await db.ledgerEntry.findFirstOrThrow({ where: { platformId: s.platform.id, kind: "payout" } });
    expect(row).toMatchObject({ amount: -1000, stripeObjectId: payout.id });

    const clean = await reconcile(s, wide);
    expect(clean.json).toMatchObject({ checked: 2, differences: [] });

    await db.ledgerEntry.create({ data: { ...row, id: undefined, createdAt: undefined, amount: -1, netAmount: -1, sourceEventId: "evt_injected_payout" } });
    const off = await reconcile(s, wide);
    expect(off.json.differences).toEqual([
      expect.objectContaining({ kind: "payout", stripe_id: payout.id, ledger_amount: "-10.01", stripe_amount: "-10.00", delta: "0.01", currency: "usd" }),
    ]);
  });
});
