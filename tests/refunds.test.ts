import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import * as refundsRoute from "@/app/api/billing/platforms/[pk]/refunds/route";
import { call } from "./support/http";
import { createUser } from "./support/fixtures";
import { useLocalStripe, type LocalStripeHarness } from "./support/local-stripe";
import { accessCheck, checkout, pay, sellingPlatform } from "./support/buy";

let ls: LocalStripeHarness;
beforeAll(async () => {
  ls = await useLocalStripe();
});
afterAll(async () => {
  await ls.close();
});

type Selling = Awaited<ReturnType<typeof sellingPlatform>>;

/** A learner who bought the one-time tier (24.99), with its ledger charge row. */
async function oneTimeSale(s: Selling) {
  const learner = await createUser({ platformId: s.platform.id });
  const res = await checkout(learner.id, s.item, { price_id: s.prices.once.id });
  await pay(ls, res.json.session_id);
  const pi = (await ls.stripe.checkout.sessions.retrieve(res.json.session_id)).payment_intent as string;
  const charge = await db.ledgerEntry.findFirstOrThrow({ where: { platformId: s.platform.id, kind: "charge", stripePaymentIntentId: pi } });
  return { learner, pi, charge };
}

function refund(s: Selling, body: Record<string, unknown>, userId = s.admin.id) {
  return call(refundsRoute.POST, { method: "POST", sessionUserId: userId, params: { pk: s.pk }, body });
}

const refundRows = (chargeId: string | null) => db.ledgerEntry.findMany({ where: { kind: "refund", stripeChargeId: chargeId }, orderBy: { createdAt: "asc" } });

// each case makes real sales through Local Stripe and its webhooks
describe("refunds", { timeout: 90_000 }, () => {
  it("refunds in full through Stripe; the webhook writes the ledger row and the one-time purchase loses access", async () => {
    const s = await sellingPlatform(ls);
    const { learner, charge } = await oneTimeSale(s);
    expect((await accessCheck(learner.id, s.item)).json.has_access).toBe(true);

    const res = await refund(s, { ledger_entry_id: charge.id, reason: "Customer asked by e-mail" });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ ledger_entry_id: charge.id, amount: "24.99", currency: "usd", status: "succeeded", reason: "Customer asked by e-mail" });
    expect(res.json.id).toMatch(/^re_/);
    // the answer writes no ledger row: the negative one comes from charge.refunded
    expect(await refundRows(charge.stripeChargeId)).toEqual([]);

    const stripeRefund = await ls.stripe.refunds.retrieve(res.json.id);
    expect(stripeRefund).toMatchObject({ amount: 2499, reason: "requested_by_customer", metadata: { tollgate_reason: "Customer asked by e-mail", ledger_entry_id: charge.id } });
    const stripeCharge = await ls.stripe.charges.retrieve(charge.stripeChargeId!, { expand: ["application_fee", "transfer"] });
    // destination charge: commission and the connected account's share are both taken back
    expect((stripeCharge.application_fee as { amount_refunded: number }).amount_refunded).toBe(charge.feeAmount);
    expect((stripeCharge.transfer as { amount_reversed: number }).amount_reversed).toBe(2499);

    await ls.flush();
    const rows = await refundRows(charge.stripeChargeId);
    expect(rows.map((r) => [r.amount, r.feeAmount, r.netAmount])).toEqual([[-2499, -charge.feeAmount, -charge.netAmount]]);
    expect((await accessCheck(learner.id, s.item)).json.has_access).toBe(false);

    const auditRow = await db.auditLog.findFirstOrThrow({ where: { platformId: s.platform.id, action: "refund.created", target: res.json.id } });
    expect(auditRow.actorId).toBe(s.admin.id);
    expect(auditRow.createdAt).toBeInstanceOf(Date);
    expect(auditRow.data).toMatchObject({ amount: "24.99", currency: "usd", reason: "Customer asked by e-mail", ledger_entry_id: charge.id });

    // nothing left: a further refund is refused from Stripe's and the ledger's figures
    const again = await refund(s, { ledger_entry_id: charge.id, amount: "1.00", reason: "again" });
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({ code: "refund_exceeds_charge", refundable: "0.00" });
  });

  it("refunds part of a charge: access stays, Stripe's reason enum is used when the text matches, over-refunds are refused", async () => {
    const s = await sellingPlatform(ls);
    const { learner, charge } = await oneTimeSale(s);
    const part = await refund(s, { ledger_entry_id: charge.id, amount: "10.00", reason: "Duplicate" });
    expect(part.status).toBe(202);
    expect(part.json.amount).toBe("10.00");
    expect((await ls.stripe.refunds.retrieve(part.json.id)).reason).toBe("duplicate");
    await ls.flush();
    expect((await refundRows(charge.stripeChargeId)).map((r) => r.amount)).toEqual([-1000]);
    expect((await accessCheck(learner.id, s.item)).json.has_access).toBe(true);

    const over = await refund(s, { ledger_entry_id: charge.id, amount: "15.00", reason: "too much" });
    expect(over.status).toBe(400);
    expect(over.json).toMatchObject({ code: "refund_exceeds_charge", refundable: "14.99", currency: "usd" });

    // Stripe already refunded more than the ledger knows (webhook not applied yet): Stripe's figure counts too
    // held back a few seconds; flushing after the faults are cleared delivers it
    await ls.control("faults", { webhooks: { delay_ms: 5_000 } });
    await ls.stripe.refunds.create({ charge: charge.stripeChargeId!, amount: 1000 });
    const stale = await refund(s, { ledger_entry_id: charge.id, amount: "5.00", reason: "stale ledger" });
    expect(stale.json).toMatchObject({ code: "refund_exceeds_charge", refundable: "4.99" });
    await ls.clearFaults();
    await ls.flush();

    const rest = await refund(s, { ledger_entry_id: charge.id, reason: "the rest" });
    expect(rest.status).toBe(202);
    expect(rest.json.amount).toBe("4.99");
    await ls.flush();
    expect((await refundRows(charge.stripeChargeId)).reduce((n, r) => n + r.amount, 0)).toBe(-2499);
    expect((await accessCheck(learner.id, s.item)).json.has_access).toBe(false);
  });

  it("requires a reason, a charge row of this platform and a valid amount", async () => {
    const s = await sellingPlatform(ls);
    const { charge } = await oneTimeSale(s);
    for (const body of [{ ledger_entry_id: charge.id }, { ledger_entry_id: charge.id, reason: "   " }, { ledger_entry_id: charge.id, reason: "x".repeat(501) }]) {
      const res = await refund(s, body);
      expect(res.status).toBe(400);
      expect(res.json.errors.reason).toBeDefined();
    }
    const badAmount = await refund(s, { ledger_entry_id: charge.id, amount: "1.234", reason: "r" });
    expect(badAmount.status).toBe(400);
    expect(badAmount.json.errors.amount).toBeDefined();
    expect((await refund(s, { ledger_entry_id: charge.id, amount: "0", reason: "r" })).status).toBe(400);

    expect((await refund(s, { ledger_entry_id: "nope", reason: "r" })).status).toBe(404);
    const other = await sellingPlatform(ls);
    // another platform's charge, asked by this platform's admin: not found
    const theirs = await oneTimeSale(other);
    expect((await refund(s, { ledger_entry_id: theirs.charge.id, reason: "r" })).status).toBe(404);
    // a member may not refund
    const member = await createUser({ platformId: s.platform.id });
    expect((await refund(s, { ledger_entry_id: charge.id, reason: "r" }, member.id)).status).toBe(403);

    await refund(s, { ledger_entry_id: charge.id, amount: "1.00", reason: "for a refund row" });
    await ls.flush();
    const refundRow = (await refundRows(charge.stripeChargeId))[0];
    const notCharge = await refund(s, { ledger_entry_id: refundRow.id, reason: "r" });
    expect(notCharge.status).toBe(400);
    expect(notCharge.json.code).toBe("not_refundable");
    expect(await db.auditLog.count({ where: { platformId: s.platform.id, action: "refund.created" } })).toBe(1);
  });

  it("refunds once on a double submit, keyed or not, at once or one after the other", async () => {
    const s = await sellingPlatform(ls);
    const { charge } = await oneTimeSale(s);
    const body = { ledger_entry_id: charge.id, amount: "2.00", reason: "double click" };

    // two requests in flight together: the same derived key, Stripe answers the second with the first
    const [a, b] = await Promise.all([refund(s, body), refund(s, body)]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(b.json.id).toBe(a.json.id);
    // and once more after the first answer (Stripe's state moved on): the audit log knows the request
    const c = await refund(s, body);
    expect(c.status).toBe(202);
    expect(c.json.id).toBe(a.json.id);

    // a client key: repeats answer the same refund; a new key is a new refund
    const keyed = { ...body, idempotency_key: "form-1" };
    const [k1, k2] = await Promise.all([refund(s, keyed), refund(s, keyed)]);
    expect(k2.json.id).toBe(k1.json.id);
    expect(k1.json.id).not.toBe(a.json.id);
    expect((await refund(s, keyed)).json.id).toBe(k1.json.id);
    // the audit row of a refund Stripe made was not written (the database failed after Stripe answered):
    // the refund's metadata names the request, so a repeat still finds it, and the row is written then
    await db.auditLog.deleteMany({ where: { target: { in: [a.json.id, k1.json.id] } } });
    expect((await refund(s, keyed)).json.id).toBe(k1.json.id);
    expect((await refund(s, body)).json.id).toBe(a.json.id);
    expect(await db.auditLog.count({ where: { target: { in: [a.json.id, k1.json.id] } } })).toBe(2);
    const k3 = await refund(s, { ...body, idempotency_key: "form-2" });
    expect(k3.status).toBe(202);
    expect(new Set([a.json.id, k1.json.id, k3.json.id]).size).toBe(3);

    // a full refund clicked twice: one refund of what was left
    const full = { ledger_entry_id: charge.id, reason: "all of it" };
    const [f1, f2] = await Promise.all([refund(s, full), refund(s, full)]);
    expect(f2.json.id).toBe(f1.json.id);
    expect(f1.json.amount).toBe("18.99");
    expect((await refund(s, full)).json.id).toBe(f1.json.id);

    const stripeRefunds = await ls.stripe.refunds.list({ charge: charge.stripeChargeId!, limit: 100 });
    expect(stripeRefunds.data.map((r) => r.amount).sort((x, y) => x - y)).toEqual([200, 200, 200, 1899]);
    const audits = await db.auditLog.findMany({ where: { platformId: s.platform.id, action: "refund.created" } });
    expect(audits.map((r) => r.target).sort()).toEqual(stripeRefunds.data.map((r) => r.id).sort());
    await ls.flush();
    expect((await refundRows(charge.stripeChargeId)).reduce((n, r) => n + r.amount, 0)).toBe(-2499);
  });

  it("answers 502 when Stripe fails, and refunds nothing", async () => {
    const s = await sellingPlatform(ls);
    const { charge } = await oneTimeSale(s);
    await ls.fault("/v1/refunds", 1);
    const res = await refund(s, { ledger_entry_id: charge.id, reason: "outage" });
    expect(res.status).toBe(502);
    expect(res.json.code).toBe("stripe_unavailable");
    await ls.clearFaults();
    expect(await db.auditLog.count({ where: { platformId: s.platform.id, action: "refund.created" } })).toBe(0);
    expect((await ls.stripe.charges.retrieve(charge.stripeChargeId!)).amount_refunded).toBe(0);
  });
});
