import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { receiveStripeWebhook } from "@/lib/webhooks/receive-event";
import { debitWallet } from "@/lib/wallets/wallet-ledger";
import * as packsRoute from "@/app/api/billing/platforms/[pk]/credit-packs/route";
import * as packRoute from "@/app/api/billing/platforms/[pk]/credit-packs/[id]/route";
import * as topUpRoute from "@/app/api/billing/platforms/[pk]/wallet/top-up/route";
import { call } from "./support/http";
import { createPlatform, createUser, tokenFor } from "./support/fixtures";
import { localStripeForFile, readyPlatform } from "./support/local-stripe";
import { pay } from "./support/buy";

const ls = localStripeForFile();
const sdk = new Stripe("sk_test_x");

/** A selling platform taking 10 % on credit packs, with a 500-credit pack for 5.00 USD. */
async function packPlatform() {
  const ctx = await readyPlatform(ls);
  await db.platform.update({ where: { id: ctx.platform.id }, data: { commissionBps: { credit_pack: 1000 } } });
  const created = await call(packsRoute.POST, {
    method: "POST",
    sessionUserId: ctx.admin.id,
    params: { pk: ctx.pk },
    body: { name: "Starter", credits: 500, amount: 500, currency: "USD" },
  });
  expect(created.status).toBe(201);
  return { ...ctx, pack: created.json as { id: string; credits: number; amount: number } };
}

function topUp(pk: string, body: Record<string, unknown>, opts: { userId?: string; token?: string; headers?: Record<string, string> } = {}) {
  return call(topUpRoute.POST, { method: "POST", params: { pk }, body, sessionUserId: opts.userId, token: opts.token, headers: opts.headers });
}

const walletOf = (platformId: string, userId: string) => db.wallet.findUnique({ where: { platformId_userId: { platformId, userId } } });
const entriesOf = (platformId: string, userId: string) =>
  db.walletEntry.findMany({ where: { platformId, wallet: { userId } }, orderBy: { createdAt: "asc" } });

/** Delivers Stripe's own events of `type` for `objectId` again, under fresh event ids, all at once. */
async function redeliver(type: string, objectId: string, times = 3) {
  const events = (await ls.stripe.events.list({ type, limit: 100 })).data.filter((e) => (e.data.object as { id: string }).id === objectId);
  expect(events.length).toBeGreaterThan(0);
  const results = await Promise.all(
    Array.from({ length: times }, (_, i) => {
      const payload = JSON.stringify({ ...events[0], id: `${events[0].id}_again_${i}_${Date.now()}` });
      return receiveStripeWebhook("platform", payload, sdk.webhooks.generateTestHeaderString({ payload, secret: process.env.STRIPE_WEBHOOK_SECRET! }));
    }),
  );
  for (const r of results) expect(r.status).toBe(200);
}

describe("credit packs", { timeout: 120_000 }, () => {
  it("admins create, edit and deactivate packs; buyers see only the active ones", async () => {
    const s = await packPlatform();
    const asAdmin = { sessionUserId: s.admin.id, params: { pk: s.pk } };
    expect(s.pack).toMatchObject({ name: "Starter", credits: 500, amount: 500, amount_decimal: "5.00", currency: "usd", is_active: true, sort_order: 0 });

    const bad = await call(packsRoute.POST, { ...asAdmin, method: "POST", body: { name: "", credits: 0, amount: 1.5, currency: "xyz" } });
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe("validation_error");
    expect(Object.keys(bad.json.errors).sort()).toEqual(["amount", "credits", "currency", "name"]);

    const member = await createUser({ platformId: s.platform.id });
    const denied = await call(packsRoute.POST, { method: "POST", sessionUserId: member.id, params: { pk: s.pk }, body: { name: "X", credits: 1, amount: 100, currency: "usd" } });
    expect(denied.status).toBe(403);

    const big = await call(packsRoute.POST, { ...asAdmin, method: "POST", body: { name: "Big", credits: 5000, amount: 4000, currency: "usd", sort_order: 1 } });
    expect(big.status).toBe(201);
    const patched = await call(packRoute.PATCH, { sessionUserId: s.admin.id, method: "PATCH", params: { pk: s.pk, id: big.json.id }, body: { credits: 6000 } });
    expect(patched.json).toMatchObject({ credits: 6000, amount: 4000, name: "Big" });

    const removed = await call(packRoute.DELETE, { sessionUserId: s.admin.id, method: "DELETE", params: { pk: s.pk, id: big.json.id } });
    expect(removed.status).toBe(204);
    // anyone sees the active packs; admins also the inactive one
    expect((await call(packsRoute.GET, { params: { pk: s.pk } })).json.results.map((p: { name: string }) => p.name)).toEqual(["Starter"]);
    expect((await call(packsRoute.GET, asAdmin)).json.results.map((p: { name: string; is_active: boolean }) => [p.name, p.is_active])).toEqual([
      ["Starter", true],
      ["Big", false],
    ]);
    expect((await call(packRoute.GET, { params: { pk: s.pk, id: big.json.id } })).status).toBe(404);
    expect((await call(packRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk, id: big.json.id } })).json.is_active).toBe(false);

    // another platform's pack is not found here, and cannot be bought here
    const other = await createPlatform();
    expect((await call(packRoute.GET, { params: { pk: other.key, id: s.pack.id } })).status).toBe(404);
    const buyer = await createUser();
    const inactive = await topUp(s.pk, { pack_id: big.json.id }, { userId: buyer.id });
    expect(inactive.status).toBe(400);
    expect(inactive.json.code).toBe("pack_inactive");
    expect((await topUp(s.pk, { pack_id: "nope" }, { userId: buyer.id })).status).toBe(404);
  });

  it("a top-up is a destination charge with the commission, credited once however often the webhook arrives, with its ledger row", async () => {
    const s = await packPlatform();
    const buyer = await createUser();
    const started = await topUp(s.pk, { pack_id: s.pack.id }, { userId: buyer.id });
    expect(started.status).toBe(200);
    expect(started.json.session_id).toMatch(/^cs_/);
    expect(started.json.checkout_url).toMatch(/^https?:\/\//);
    const sessionId = started.json.session_id as string;

    const row = await db.checkoutSession.findUniqueOrThrow({ where: { stripeSessionId: sessionId } });
    expect(row).toMatchObject({
      kind: "top_up",
      itemType: "credit_pack",
      itemId: s.pack.id,
      creditPackId: s.pack.id,
      credits: 500,
      userId: buyer.id,
      mode: "payment",
      feeBps: 1000,
      listAmount: 500,
      status: "open",
    });
    expect(row.successUrl).toContain(`/p/${s.pk}/wallet`);

    // duplicated, shuffled deliveries, and then the completion again under fresh event ids, concurrently
    await ls.control("faults", { webhooks: { duplicate: true, shuffle: true, delay_ms: 5 } });
    await pay(ls, sessionId);
    await ls.clearFaults();
    await redeliver("checkout.session.completed", sessionId, 4);

    expect((await walletOf(s.platform.id, buyer.id))?.balance).toBe(500);
    const entries = await entriesOf(s.platform.id, buyer.id);
    expect(entries.map((e) => [e.kind, e.amount, e.balanceAfter, e.sourceKey])).toEqual([["topup", 500, 500, `topup:${sessionId}`]]);

    const session = await ls.stripe.checkout.sessions.retrieve(sessionId);
    const pi = await ls.stripe.paymentIntents.retrieve(session.payment_intent as string);
    expect(pi.application_fee_amount).toBe(50);
    expect(pi.transfer_data?.destination).toBe(s.accountId);
    const ledger = await db.ledgerEntry.findMany({ where: { platformId: s.platform.id } });
    expect(ledger.map((r) => [r.kind, r.amount, r.feeBps, r.feeAmount, r.netAmount, r.itemType, r.itemId, r.subscriptionId])).toEqual([
      ["charge", 500, 1000, 50, 450, "credit_pack", s.pack.id, null],
    ]);
    // credits, not access: no purchase row; our checkout row is complete
    expect(await db.subscription.count({ where: { platformId: s.platform.id } })).toBe(0);
    expect((await db.checkoutSession.findUniqueOrThrow({ where: { stripeSessionId: sessionId } })).status).toBe("complete");
  });

  it("a refund removes the unspent share of the credits it bought, never more than the balance, once per refund", async () => {
    const s = await packPlatform();
    const buyer = await createUser();
    const started = await topUp(s.pk, { pack_id: s.pack.id }, { userId: buyer.id });
    await pay(ls, started.json.session_id);
    expect((await walletOf(s.platform.id, buyer.id))?.balance).toBe(500);
    const charge = (await db.ledgerEntry.findFirstOrThrow({ where: { platformId: s.platform.id, kind: "charge" } })).stripeChargeId!;

    // 40 % refunded: 200 credits go
    const first = await ls.stripe.refunds.create({ charge, amount: 200 });
    await ls.flush();
    await redeliver("charge.refunded", charge, 3);
    expect((await walletOf(s.platform.id, buyer.id))?.balance).toBe(300);

    // the buyer spends 250; the rest of the refund (300 credits' worth) can only take the 50 left
    const spent = await debitWallet(s.platform.id, buyer.id, "usage", 250, { reason: "test usage" });
    expect(spent.ok).toBe(true);
    const second = await ls.stripe.refunds.create({ charge });
    await ls.flush();
    await redeliver("charge.refunded", charge, 2);
    const wallet = await walletOf(s.platform.id, buyer.id);
    expect(wallet?.balance).toBe(0);
    const refunds = (await entriesOf(s.platform.id, buyer.id)).filter((e) => e.kind === "refund");
    expect(refunds.map((e) => [e.amount, e.sourceKey])).toEqual([
      [-200, `topup_refund:${first.id}`],
      [-50, `topup_refund:${second.id}`],
    ]);
    // the revenue ledger reverses the charge through the usual refund flow
    const ledgerRefunds = await db.ledgerEntry.findMany({ where: { platformId: s.platform.id, kind: "refund" }, orderBy: { occurredAt: "asc" } });
    expect(ledgerRefunds.reduce((n, r) => n + r.amount, 0)).toBe(-500);
    expect(ledgerRefunds.every((r) => r.itemType === "credit_pack")).toBe(true);
  });

  it("an API token tops up a user it names (a platform external id is mapped once), with an Idempotency-Key", async () => {
    const s = await packPlatform();
    const token = await tokenFor(s.admin.id, s.pk);
    const noUser = await topUp(s.pk, { pack_id: s.pack.id }, { token, headers: { "Idempotency-Key": "k-0" } });
    expect(noUser.status).toBe(400);
    expect(noUser.json.code).toBe("validation_error");
    const noKey = await topUp(s.pk, { pack_id: s.pack.id, user: "ext-42" }, { token });
    expect(noKey.status).toBe(400);
    expect(noKey.json.code).toBe("idempotency_key_required");

    const headers = { "Idempotency-Key": "top-up-ext-42" };
    const first = await topUp(s.pk, { pack_id: s.pack.id, user: "ext-42" }, { token, headers });
    expect(first.status).toBe(200);
    const replay = await topUp(s.pk, { pack_id: s.pack.id, user: "ext-42" }, { token, headers });
    expect(replay.status).toBe(200);
    expect(replay.json.session_id).toBe(first.json.session_id);
    const reused = await topUp(s.pk, { pack_id: s.pack.id, user: "ext-43" }, { token, headers });
    expect(reused.status).toBe(409);

    const mapped = await db.externalUser.findUniqueOrThrow({ where: { platformId_externalId: { platformId: s.platform.id, externalId: "ext-42" } } });
    const row = await db.checkoutSession.findUniqueOrThrow({ where: { stripeSessionId: first.json.session_id } });
    expect(row.userId).toBe(mapped.userId);
    // a pseudonymous user has no real e-mail to prefill: the buyer types one on Stripe's page
    const session = await ls.stripe.checkout.sessions.retrieve(first.json.session_id);
    expect(session.customer_email).toBeNull();
    await ls.control(`checkout/sessions/${first.json.session_id}/pay`, { card: "4242424242424242", email: "buyer@example.test" });
    await ls.flush();
    expect((await walletOf(s.platform.id, mapped.userId))?.balance).toBe(500);
  });
});
