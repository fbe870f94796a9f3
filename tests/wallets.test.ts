import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { creditWallet, debitWallet, walletFor } from "@/lib/wallets/wallet-ledger";
import { resolveWalletUser } from "@/lib/wallets/wallet-user";
import * as walletsRoute from "@/app/api/billing/platforms/[pk]/wallets/route";
import * as walletRoute from "@/app/api/billing/platforms/[pk]/wallets/[user]/route";
import * as depositRoute from "@/app/api/billing/platforms/[pk]/wallets/[user]/deposit/route";
import * as entriesRoute from "@/app/api/billing/platforms/[pk]/wallets/[user]/entries/route";
import * as exportRoute from "@/app/api/billing/platforms/[pk]/wallets/[user]/entries/export/route";
import * as myWalletRoute from "@/app/api/billing/platforms/[pk]/wallet/route";
import * as myEntriesRoute from "@/app/api/billing/platforms/[pk]/wallet/entries/route";
import * as usageRoute from "@/app/api/billing/platforms/[pk]/usage/route";
import * as creditSettingsRoute from "@/app/api/billing/platforms/[pk]/credit-settings/route";
import * as dailyRoute from "@/app/api/billing/platforms/[pk]/credits/daily/route";
import * as myWalletsRoute from "@/app/api/billing/my-wallets/route";
import { call } from "./support/http";
import { createPlatform, createUser, tokenFor } from "./support/fixtures";
import { localStripeForFile } from "./support/local-stripe";
import { checkout, pay, sellingPlatform } from "./support/buy";

const ls = localStripeForFile();

const entriesSum = async (walletId: string) => (await db.walletEntry.aggregate({ where: { walletId }, _sum: { amount: true } }))._sum.amount ?? 0;

describe("wallet ledger", { timeout: 120_000 }, () => {
  it("100 concurrent charges against a balance covering 50: exactly 50 succeed, the balance ends at 0 and equals the sum of entries", async () => {
    const platform = await createPlatform();
    const user = await createUser({ platformId: platform.id });
    await creditWallet(platform.id, user.id, "deposit", 100, { reason: "seed" });
    const results = await Promise.all(Array.from({ length: 100 }, () => debitWallet(platform.id, user.id, "usage", 2, { enforceCaps: true })));
    expect(results.filter((r) => r.ok)).toHaveLength(50);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.code === "insufficient_credits")).toBe(true);
    const wallet = await walletFor(platform.id, user.id);
    expect(wallet.balance).toBe(0);
    expect(await entriesSum(wallet.id)).toBe(0);
    const afters = (await db.walletEntry.findMany({ where: { walletId: wallet.id } })).map((e) => e.balanceAfter);
    expect(Math.min(...afters)).toBeGreaterThanOrEqual(0);
  });

  it("the database refuses to update or delete a wallet entry; a repeated source key credits once", async () => {
    const platform = await createPlatform();
    const user = await createUser({ platformId: platform.id });
    const a = await creditWallet(platform.id, user.id, "topup", 30, { sourceKey: `topup:cs_${platform.id}` });
    const b = await creditWallet(platform.id, user.id, "topup", 30, { sourceKey: `topup:cs_${platform.id}` });
    expect(b).toMatchObject({ duplicate: true, balance: 30 });
    expect(b.entry.id).toBe(a.entry.id);
    // the trigger's message reaches raw statements; the ORM reports the same refusal in its own words
    await expect(db.$executeRaw`UPDATE wallet_entries SET amount = 1000 WHERE id = ${a.entry.id}`).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`DELETE FROM wallet_entries WHERE id = ${a.entry.id}`).rejects.toThrow(/append-only/);
    await expect(db.walletEntry.update({ where: { id: a.entry.id }, data: { amount: 1000 } })).rejects.toThrow();
    await expect(db.walletEntry.delete({ where: { id: a.entry.id } })).rejects.toThrow();
    expect(await db.walletEntry.findUniqueOrThrow({ where: { id: a.entry.id } })).toMatchObject({ amount: 30, balanceAfter: 30 });
    // duplicated webhooks at the same moment: one credit
    const key = `grant:in_${platform.id}`;
    const racing = await Promise.all(Array.from({ length: 10 }, () => creditWallet(platform.id, user.id, "grant", 5, { sourceKey: key })));
    expect(racing.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await db.walletEntry.count({ where: { sourceKey: key } })).toBe(1);
    expect((await walletFor(platform.id, user.id)).balance).toBe(35);
    await debitWallet(platform.id, user.id, "expiry", 5, { sourceKey: `expiry:in_${platform.id}` });
    const refund = await debitWallet(platform.id, user.id, "refund", 50, { partial: true, sourceKey: `topup_refund:re_${platform.id}` });
    expect(refund).toMatchObject({ ok: true, charged: 30, balance: 0 });
  });
});

async function adminSetup() {
  const platform = await createPlatform();
  const admin = await createUser({ platformId: platform.id, role: "owner" });
  const token = await tokenFor(admin.id, platform.key);
  return { platform, pk: platform.key, admin, token };
}

type Setup = Awaited<ReturnType<typeof adminSetup>>;
let keySeq = 0;
const freshKey = () => `key-${process.pid}-${++keySeq}`;

function deposit(s: Setup, user: string, amount: number, key: string | null = freshKey()) {
  return call(depositRoute.POST, {
    method: "POST",
    token: s.token,
    params: { pk: s.pk, user },
    body: { amount, reason: "promo" },
    headers: key ? { "idempotency-key": key } : {},
  });
}

function usage(s: Setup, body: Record<string, unknown>, key: string | null = freshKey()) {
  return call(usageRoute.POST, { method: "POST", token: s.token, params: { pk: s.pk }, body, headers: key ? { "idempotency-key": key } : {} });
}

describe("wallet API", { timeout: 120_000 }, () => {
  it("an external id is mapped once: two deposits for ext-42 land in one pseudonymous user's wallet", async () => {
    const s = await adminSetup();
    expect((await deposit(s, "ext-42", 10)).json).toMatchObject({ balance: 10 });
    const second = await deposit(s, "ext-42", 5);
    expect(second.status).toBe(200);
    expect(second.json.balance).toBe(15);
    const mapped = await db.externalUser.findMany({ where: { platformId: s.platform.id } });
    expect(mapped).toHaveLength(1);
    expect(await db.wallet.count({ where: { platformId: s.platform.id } })).toBe(1);
    const user = await db.user.findUniqueOrThrow({ where: { id: mapped[0].userId } });
    expect(user.email).toMatch(/@external\.invalid$/);

    const view = await call(walletRoute.GET, { token: s.token, params: { pk: s.pk, user: "ext-42" } });
    expect(view.status).toBe(200);
    expect(view.json).toMatchObject({ user_id: user.id, external_id: "ext-42", balance: 15, currency: "usd", credit_unit_micros: 10000 });
    expect(view.json.top_up_url).toMatch(new RegExp(`/p/${s.pk}/wallet$`));
    expect((await call(walletRoute.GET, { token: s.token, params: { pk: s.pk, user: "nobody" } })).status).toBe(404);

    const list = await call(walletsRoute.GET, { token: s.token, params: { pk: s.pk } });
    expect(list.json).toMatchObject({ count: 1, results: [{ user_id: user.id, external_id: "ext-42", email: null, balance: 15 }] });
  });

  it("a buyer's wallets across platforms, with the newest entries; a token sees only its own platform's", async () => {
    const a = await adminSetup();
    const b = await adminSetup();
    const buyer = await createUser({ platformId: a.platform.id });
    await creditWallet(a.platform.id, buyer.id, "deposit", 40, { reason: "welcome" });
    await debitWallet(a.platform.id, buyer.id, "usage", 15, { reason: "chat" });
    await creditWallet(b.platform.id, buyer.id, "deposit", 7, { reason: "gift" });
    const mine = await call(myWalletsRoute.GET, { sessionUserId: buyer.id });
    expect(mine.status).toBe(200);
    const byKey = Object.fromEntries(mine.json.results.map((w: { platform: { key: string } }) => [w.platform.key, w]));
    expect(byKey[a.pk]).toMatchObject({ balance: 25, currency: "usd" });
    expect(byKey[a.pk].recent_entries.map((e: { kind: string; amount: number }) => [e.kind, e.amount])).toEqual([["usage", -15], ["deposit", 40]]);
    expect(byKey[a.pk].top_up_url).toMatch(new RegExp(`/p/${a.pk}/wallet$`));
    expect(byKey[b.pk]).toMatchObject({ balance: 7 });
    const token = await tokenFor(buyer.id, a.pk);
    const scoped = await call(myWalletsRoute.GET, { token });
    expect(scoped.json.results.map((w: { platform: { key: string } }) => w.platform.key)).toEqual([a.pk]);
    expect((await call(myWalletsRoute.GET, {})).status).toBe(401);
  });

  it("usage: charges the wallet, 402 with the top-up link when it cannot pay, and nothing is charged then", async () => {
    const s = await adminSetup();
    await deposit(s, "ext-1", 10);
    const ok = await usage(s, { user: "ext-1", amount: 7, metadata: { request: "r1" } });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ balance: 3, charged: 7, free_units: 0 });
    expect(ok.json.entry_id).toEqual(expect.any(String));
    const poor = await usage(s, { user: "ext-1", units: 4 });
    expect(poor.status).toBe(402);
    expect(poor.json).toMatchObject({ code: "insufficient_credits", balance: 3 });
    expect(poor.json.top_up_url).toMatch(new RegExp(`/p/${s.pk}/wallet$`));
    expect((await usage(s, { user: "ext-1", units: 3 })).json).toMatchObject({ balance: 0, charged: 3 });
    expect((await usage(s, { user: "ext-1", units: 1, amount: 1 })).status).toBe(400);
    // units of an item the user has no metered tier for: 1 credit each
    await deposit(s, "ext-1", 5);
    expect((await usage(s, { user: "ext-1", units: 2, item_type: "course", item_id: "algebra" })).json).toMatchObject({ balance: 3, charged: 2, free_units: 0 });
  });

  it("idempotency: a replay answers the first answer with one entry; another body is 409; a token without a key is 400", async () => {
    const s = await adminSetup();
    const first = await deposit(s, "ext-7", 20, "dep-1");
    const again = await deposit(s, "ext-7", 20, "dep-1");
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const reused = await deposit(s, "ext-7", 25, "dep-1");
    expect(reused.status).toBe(409);
    expect(reused.json.code).toBe("idempotency_key_reused");
    const missing = await deposit(s, "ext-7", 20, null);
    expect(missing.status).toBe(400);
    expect(missing.json.code).toBe("idempotency_key_required");
    expect(await db.walletEntry.count({ where: { platformId: s.platform.id } })).toBe(1);

    // a refusal is an answer too: replayed, not re-run after a top-up
    const refused = await usage(s, { user: "ext-7", amount: 50 }, "use-1");
    expect(refused.status).toBe(402);
    await deposit(s, "ext-7", 100);
    const replay = await usage(s, { user: "ext-7", amount: 50 }, "use-1");
    expect(replay.status).toBe(402);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");

    // concurrent requests with the same key: one charge
    const same = await Promise.all(Array.from({ length: 10 }, () => usage(s, { user: "ext-7", amount: 10 }, "use-2")));
    const statuses = same.map((r) => r.status);
    expect(statuses.filter((x) => x === 200).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((x) => x === 200 || x === 409)).toBe(true);
    expect(same.filter((r) => r.status === 409).every((r) => r.json.code === "idempotency_key_in_progress")).toBe(true);
    expect(await db.walletEntry.count({ where: { platformId: s.platform.id, kind: "usage" } })).toBe(1);
    const u = await resolveWalletUser(s.platform.id, "ext-7");
    expect((await walletFor(s.platform.id, u.userId)).balance).toBe(110);
  });

  it("caps: the daily cap answers 429; a user may lower their cap but not raise it above the admin's", async () => {
    const s = await adminSetup();
    const buyer = await createUser({ platformId: s.platform.id });
    await deposit(s, buyer.id, 100);
    const capped = await call(walletRoute.PATCH, { method: "PATCH", token: s.token, params: { pk: s.pk, user: buyer.id }, body: { daily_cap: 10 } });
    expect(capped.status).toBe(200);
    expect(capped.json.caps).toMatchObject({ daily_cap: 10, effective_daily: 10 });
    expect((await usage(s, { user: buyer.id, amount: 8 })).status).toBe(200);
    const over = await usage(s, { user: buyer.id, amount: 3 });
    expect(over.status).toBe(429);
    expect(over.json.code).toBe("spend_cap_reached");

    const mine = (body: Record<string, unknown>) => call(myWalletRoute.PATCH, { method: "PATCH", sessionUserId: buyer.id, params: { pk: s.pk }, body, headers: { origin: "http://localhost:3000" } });
    const raise = await mine({ user_daily_cap: 20 });
    expect(raise.status).toBe(400);
    expect(raise.json.code).toBe("cap_above_limit");
    const lower = await mine({ user_daily_cap: 8 });
    expect(lower.status).toBe(200);
    expect(lower.json).toMatchObject({ balance: 92, caps: { user_daily_cap: 8, effective_daily: 8 }, period: { day_spent: 8 } });
    expect((await usage(s, { user: buyer.id, amount: 1 })).status).toBe(429);

    const own = await call(myWalletRoute.GET, { sessionUserId: buyer.id, params: { pk: s.pk } });
    expect(own.json).toMatchObject({ user_id: buyer.id, balance: 92 });
    const ownEntries = await call(myEntriesRoute.GET, { sessionUserId: buyer.id, params: { pk: s.pk } });
    expect(ownEntries.json).toMatchObject({ count: 2, results: [{ kind: "usage", amount: -8, balance_after: 92 }, { kind: "deposit", amount: 100 }] });
  });

  it("entries page newest first and export as CSV", async () => {
    const s = await adminSetup();
    await deposit(s, "ext-csv", 40);
    await usage(s, { user: "ext-csv", amount: 15, item_type: "course", item_id: "=cmd" });
    const page = await call(entriesRoute.GET, { token: s.token, params: { pk: s.pk, user: "ext-csv" }, query: { page_size: "1" } });
    expect(page.json).toMatchObject({ count: 2, next_page: 2, results: [{ kind: "usage", amount: -15, balance_after: 25 }] });
    const csv = await call(exportRoute.GET, { token: s.token, params: { pk: s.pk, user: "ext-csv" } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    const lines = csv.text.trim().split("\r\n");
    expect(lines[0]).toBe("created_at,id,kind,amount,balance_after,reason,item_type,item_id,units");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/,deposit,40,40,promo,,,$/);
    expect(lines[2]).toMatch(/,usage,-15,25,usage,course,'=cmd,$/);
  });

  it("credit settings and the daily credits report", async () => {
    const s = await adminSetup();
    const set = await call(creditSettingsRoute.PATCH, { method: "PATCH", token: s.token, params: { pk: s.pk }, body: { credit_unit_micros: 5000, default_daily_cap: 50 } });
    expect(set.json).toEqual({ credit_unit_micros: 5000, credit_currency: "usd", default_daily_cap: 50, default_monthly_cap: null });
    await deposit(s, "ext-d", 30);
    await usage(s, { user: "ext-d", amount: 12 });
    const daily = await call(dailyRoute.GET, { token: s.token, params: { pk: s.pk }, query: { days: "7" } });
    expect(daily.status).toBe(200);
    expect(daily.json.days).toHaveLength(7);
    expect(daily.json.days[6]).toMatchObject({ day: new Date().toISOString().slice(0, 10), credits_used: 12, credits_bought: 0, credits_granted: 0, top_up_revenue: 0 });
  });
});

describe("usage on a metered tier", { timeout: 120_000 }, () => {
  it("included units are free, the next ones cost the tier's credits, a refused charge gives the units back", async () => {
    const sell = await sellingPlatform(ls);
    await db.price.update({ where: { uniqueId: sell.prices.monthly.id }, data: { includedUnits: 2, unitCredits: 5 } });
    const learner = await createUser({ platformId: sell.platform.id });
    const started = await checkout(learner.id, sell.item, { price_id: sell.prices.monthly.id });
    await pay(ls, started.json.session_id);
    const owner = await createUser({ platformId: sell.platform.id, role: "owner" });
    const s = { platform: sell.platform, pk: sell.pk, admin: owner, token: await tokenFor(owner.id, sell.pk) };
    const item = { item_type: sell.item.type, item_id: sell.item.id };
    await deposit(s, learner.id, 7);

    expect((await usage(s, { user: learner.id, ...item, units: 1 })).json).toMatchObject({ balance: 7, charged: 0, free_units: 1, entry_id: null });
    expect((await usage(s, { user: learner.id, ...item, units: 2 })).json).toMatchObject({ balance: 2, charged: 5, free_units: 1 });
    const poor = await usage(s, { user: learner.id, ...item, units: 1 });
    expect(poor.status).toBe(402);
    expect(poor.json.code).toBe("insufficient_credits");
    // the refused unit was given back: the count stays at 3
    const counter = await db.usageCounter.findFirstOrThrow({ where: { platformId: s.platform.id, userId: learner.id } });
    expect(counter.units).toBe(3);
  });
});
