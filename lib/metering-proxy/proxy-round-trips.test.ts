import { describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { db } from "@/lib/db";
import * as chatRoute from "@/app/api/v1/chat/completions/route";
import { creditWallet, debitWallet } from "@/lib/wallets/wallet-ledger";
import { resolveWalletUser } from "@/lib/wallets/wallet-user";
import { createPlatform, createUser, tokenFor } from "@/tests/support/fixtures";
import { proxyContext } from "./proxy-context";

// The proxy's hot path: what it reads before the provider is called comes in one query and is
// fresh (a price change or a top-up counts on the next request), and the charge is one statement
// that still replays once per source key.

async function priced(minCredits = 1) {
  const platform = await createPlatform();
  const admin = await createUser({ platformId: platform.id, role: "admin" });
  const token = await tokenFor(admin.id, platform.key);
  const provider = await db.modelProvider.create({ data: { platformId: platform.id, name: "Local", baseUrl: null } });
  const price = await db.modelPrice.create({
    data: { platformId: platform.id, providerId: provider.id, model: "tutor", promptMicrosPer1k: 1_000_000, completionMicrosPer1k: 1_000_000, minCredits },
  });
  return { platform, admin, token, price };
}

async function ask(token: string, user: string) {
  const req = new NextRequest("http://localhost:3000/api/v1/chat/completions", {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "tutor", messages: [{ role: "user", content: "What is 2+2?" }], user }),
  });
  const res = await chatRoute.POST(req, { params: Promise.resolve({}) });
  await res.text();
  return { status: res.status, charged: res.headers.get("x-credits-charged"), reason: res.headers.get("x-paywall-reason") };
}

describe("metering proxy hot path", () => {
  it("reads platform, role, price, provider, end user and wallet in one query", async () => {
    const { platform, admin } = await priced();
    const { userId } = await resolveWalletUser(platform.id, "ext-1", { create: true });
    await creditWallet(platform.id, userId, "deposit", 40);
    const ctx = await proxyContext({ platformId: platform.id, tokenUserId: admin.id, isOperator: false, model: "tutor", ref: "ext-1" });
    expect(ctx).toMatchObject({ isAdmin: true, userId, platform: { id: platform.id, key: platform.key }, price: { model: "tutor", minCredits: 1, provider: { baseUrl: null } }, wallet: { balance: 40, daySpent: 0 } });
    expect(ctx!.wallet!.dayStart).toBeInstanceOf(Date);
    // a Tollgate user id resolves when no external id maps; an unknown one does not
    const byId = await proxyContext({ platformId: platform.id, tokenUserId: admin.id, isOperator: false, model: "nope", ref: userId });
    expect(byId).toMatchObject({ userId, price: null });
    const member = await createUser({ platformId: platform.id });
    expect(await proxyContext({ platformId: platform.id, tokenUserId: member.id, isOperator: false, model: "tutor", ref: "ext-2" })).toMatchObject({ isAdmin: false, userId: null, wallet: null });
  });

  it("a price change and a top-up count on the very next request; a new end user is mapped once", async () => {
    const { platform, token, price } = await priced(1);
    expect(await ask(token, "ext-new")).toMatchObject({ status: 200, reason: "insufficient_credits" });
    expect(await db.externalUser.count({ where: { platformId: platform.id, externalId: "ext-new" } })).toBe(1);
    const { userId } = await resolveWalletUser(platform.id, "ext-new");
    await creditWallet(platform.id, userId, "deposit", 100);
    expect(await ask(token, "ext-new")).toMatchObject({ status: 200, charged: "1", reason: null });
    await db.modelPrice.update({ where: { id: price.id }, data: { minCredits: 7 } });
    expect(await ask(token, "ext-new")).toMatchObject({ charged: "7" });
    const wallet = await db.wallet.findUniqueOrThrow({ where: { platformId_userId: { platformId: platform.id, userId } } });
    expect(wallet.balance).toBe(92);
  });

  it("the one-statement debit: a replayed source key is the first entry even when the balance no longer covers it", async () => {
    const { platform } = await priced();
    const user = await createUser();
    const missing = await debitWallet(platform.id, user.id, "usage", 5, { sourceKey: `k0:${user.id}` });
    expect(missing).toEqual({ ok: false, code: "insufficient_credits", balance: 0 });
    await creditWallet(platform.id, user.id, "deposit", 10);
    const first = await debitWallet(platform.id, user.id, "usage", 6, { sourceKey: `k1:${user.id}`, reason: "r", itemType: "mentor", itemId: "m1", units: 3, metadata: { a: 1 } });
    expect(first).toMatchObject({ ok: true, charged: 6, balance: 4, duplicate: false });
    if (!first.ok) throw new Error("unreachable");
    expect(first.entry).toEqual(await db.walletEntry.findUniqueOrThrow({ where: { id: first.entry.id } }));
    const replay = await debitWallet(platform.id, user.id, "usage", 6, { sourceKey: `k1:${user.id}` });
    expect(replay).toMatchObject({ ok: true, charged: 6, balance: 4, duplicate: true, entry: { id: first.entry.id } });
    const racing = await Promise.all(Array.from({ length: 5 }, () => debitWallet(platform.id, user.id, "usage", 1, { sourceKey: `k2:${user.id}` })));
    expect(racing.filter((r) => r.ok && !r.duplicate)).toHaveLength(1);
    expect(racing.every((r) => r.ok)).toBe(true);
    const partial = await debitWallet(platform.id, user.id, "usage", 50, { partial: true });
    expect(partial).toMatchObject({ ok: true, charged: 3, balance: 0 });
    await creditWallet(platform.id, user.id, "deposit", 10);
    await db.wallet.update({ where: { platformId_userId: { platformId: platform.id, userId: user.id } }, data: { dailyCap: 13 } });
    expect(await debitWallet(platform.id, user.id, "usage", 5, { enforceCaps: true })).toEqual({ ok: false, code: "spend_cap_reached", balance: 10 });
    const sum = await db.walletEntry.aggregate({ where: { wallet: { platformId: platform.id, userId: user.id } }, _sum: { amount: true } });
    expect(sum._sum.amount).toBe(10);
  });
});
