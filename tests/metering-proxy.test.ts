import { afterAll, beforeAll, describe, expect, it } from "vitest";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import OpenAI from "openai";
import { db } from "@/lib/db";
import { creditsFor } from "@/lib/metering-proxy/credits";
import { creditWallet } from "@/lib/wallets/wallet-ledger";
import { resolveWalletUser } from "@/lib/wallets/wallet-user";
import * as chatRoute from "@/app/api/v1/chat/completions/route";
import * as modelsRoute from "@/app/api/v1/models/route";
import * as providersRoute from "@/app/api/billing/platforms/[pk]/model-providers/route";
import * as pricesRoute from "@/app/api/billing/platforms/[pk]/model-prices/route";
import * as itemChatRoute from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/chat/route";
import { call } from "./support/http";
import { createPlatform, createUser, tokenFor } from "./support/fixtures";

const SECRET_KEY = "sk-test-very-secret-upstream-key-9876";
const seen: string[] = [];

/** An OpenAI client that calls the route handlers in-process and keeps every answer's text. */
function clientFor(token: string) {
  return new OpenAI({
    apiKey: token,
    baseURL: "http://localhost:3000/api/v1",
    maxRetries: 0,
    fetch: async (url, init) => {
      const u = new URL(String(url));
      const handler = u.pathname.endsWith("/models") ? modelsRoute.GET : chatRoute.POST;
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the SDK's RequestInit and Next's differ only in typing
      const res = await handler(new NextRequest(u, init as any), { params: Promise.resolve({}) });
      const text = await res.clone().text();
      seen.push(text + JSON.stringify([...res.headers]));
      return res;
    },
  });
}

let failing: http.Server;
let failingUrl = "";
beforeAll(async () => {
  failing = http.createServer((_req, res) => {
    res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { message: "boom", type: "server_error", code: null } }));
  });
  await new Promise<void>((r) => failing.listen(0, "127.0.0.1", r));
  failingUrl = `http://127.0.0.1:${(failing.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((r) => failing.close(() => r())));

/** A platform with an admin token, the Local model priced as `tutor` and one with a key. */
async function setup(opts: { minCredits?: number } = {}) {
  const platform = await createPlatform();
  const admin = await createUser({ platformId: platform.id, role: "admin" });
  const token = await tokenFor(admin.id, platform.key);
  const params = { pk: platform.key };
  const local = await call(providersRoute.POST, { method: "POST", token, params, body: { name: "Local" } });
  expect(local.status).toBe(201);
  const price = await call(pricesRoute.POST, {
    method: "POST",
    token,
    params,
    body: { model: "tutor", provider_id: local.json.id, upstream_model: "calculus-tutor", prompt_credits_per_1k: 10.5, completion_credits_per_1k: 20, markup_bps: 2500, min_credits: opts.minCredits ?? 0, item_type: "mentor", item_id: "tutor-1" },
  });
  expect(price.status).toBe(201);
  expect(price.json.prompt_credits_per_1k).toBe(10.5);
  return { platform, admin, token, params, client: clientFor(token) };
}

async function fund(platformId: string, ref: string, amount: number) {
  const { userId } = await resolveWalletUser(platformId, ref, { create: true });
  if (amount > 0) await creditWallet(platformId, userId, "deposit", amount, { sourceKey: `test:${ref}:${amount}:${Math.random()}` });
  return userId;
}

const usageEntries = (platformId: string, userId: string) => db.walletEntry.findMany({ where: { platformId, kind: "usage", wallet: { userId } } });
const balance = async (platformId: string, userId: string) => (await db.wallet.findUniqueOrThrow({ where: { platformId_userId: { platformId, userId } } })).balance;
const ask = [{ role: "user" as const, content: "What is the derivative of x^2? Please explain the power rule in some detail." }];
const price = { promptMicrosPer1k: 10_500_000, completionMicrosPer1k: 20_000_000, markupBps: 2500, minCredits: 0 };

describe("metering proxy through the openai SDK", () => {
  it("charges once, the credits the usage costs, and says so in headers", async () => {
    const { platform, client } = await setup();
    const userId = await fund(platform.id, "ext-1", 100);
    const { data, response } = await client.chat.completions.create({ model: "tutor", messages: ask, user: "ext-1" }).withResponse();
    expect(data.choices[0].message.content).toContain("2x");
    const u = data.usage!;
    expect(u.prompt_tokens).toBeGreaterThan(0);
    const expected = creditsFor(price, u.prompt_tokens, u.completion_tokens);
    expect(expected).toBeGreaterThan(0);
    const entries = await usageEntries(platform.id, userId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ amount: -expected, itemType: "mentor", itemId: "tutor-1", units: u.total_tokens });
    expect(entries[0].metadata).toMatchObject({ model: "tutor", prompt_tokens: u.prompt_tokens, completion_tokens: u.completion_tokens });
    expect(response.headers.get("x-credits-charged")).toBe(String(expected));
    expect(response.headers.get("x-credits-balance")).toBe(String(100 - expected));
    expect(await balance(platform.id, userId)).toBe(100 - expected);
  });

  it("computes credits in integer math with markup and minimum", () => {
    // (100·10.5 + 50·20)/1000 = 2.05 → ×1.25 = 2.5625 → 3
    expect(creditsFor(price, 100, 50)).toBe(3);
    expect(creditsFor({ ...price, minCredits: 5 }, 100, 50)).toBe(5);
    expect(creditsFor({ ...price, markupBps: 0 }, 1000, 0)).toBe(11);
  });

  it("streams the same text chunk by chunk and charges once after the stream", async () => {
    const { platform, client } = await setup();
    const userId = await fund(platform.id, "ext-2", 100);
    const full = await client.chat.completions.create({ model: "tutor", messages: ask, user: "ext-2" });
    const stream = await client.chat.completions.create({ model: "tutor", messages: ask, stream: true }, { headers: { "X-Paywall-User": "ext-2" } });
    let text = "";
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      for (const c of chunk.choices) text += c.delta.content ?? "";
    }
    expect(chunks).toBeGreaterThan(3);
    expect(text).toBe(full.choices[0].message.content);
    const entries = await usageEntries(platform.id, userId);
    expect(entries).toHaveLength(2);
    expect(entries[1].amount).toBe(entries[0].amount);
  });

  it("charges nothing and answers OpenAI errors when upstream fails", async () => {
    const { platform, token, params, client } = await setup();
    const userId = await fund(platform.id, "ext-3", 100);
    for (const [model, base_url, status] of [
      ["closed", "http://127.0.0.1:9/v1", 502],
      ["broken", failingUrl, 502],
    ] as const) {
      const p = await call(providersRoute.POST, { method: "POST", token, params, body: { name: model, base_url, api_key: SECRET_KEY } });
      expect(p.json).toMatchObject({ has_api_key: true, api_key_last4: "9876" });
      await call(pricesRoute.POST, { method: "POST", token, params, body: { model, provider_id: p.json.id, prompt_credits_per_1k: 1, completion_credits_per_1k: 1 } });
      const err = await client.chat.completions.create({ model, messages: ask, user: "ext-3" }).catch((e) => e);
      expect(err).toBeInstanceOf(OpenAI.APIError);
      expect(err.status).toBe(status);
      expect(err.error).toMatchObject({ type: "upstream_error" });
      const streamErr = await client.chat.completions.create({ model, messages: ask, user: "ext-3", stream: true }).catch((e) => e);
      expect(streamErr.status).toBe(status);
    }
    expect(await usageEntries(platform.id, userId)).toHaveLength(0);
    expect(await balance(platform.id, userId)).toBe(100);
  });

  it("answers an empty wallet with the top-up message, without calling upstream or charging", async () => {
    const { platform, client } = await setup({ minCredits: 2 });
    const userId = await fund(platform.id, "ext-4", 1);
    const { data, response } = await client.chat.completions.create({ model: "tutor", messages: ask, user: "ext-4" }).withResponse();
    expect(response.status).toBe(200);
    expect(response.headers.get("x-paywall-reason")).toBe("insufficient_credits");
    expect(data.choices[0].finish_reason).toBe("stop");
    expect(data.choices[0].message.content).toContain(`/p/${platform.key}/wallet`);
    expect(data.usage).toEqual({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
    let text = "";
    for await (const chunk of await client.chat.completions.create({ model: "tutor", messages: ask, user: "ext-4", stream: true })) {
      for (const c of chunk.choices) text += c.delta.content ?? "";
    }
    expect(text).toBe(data.choices[0].message.content);
    expect(await usageEntries(platform.id, userId)).toHaveLength(0);
    expect(await balance(platform.id, userId)).toBe(1);
  });

  it("stops at the spend cap with the cap message", async () => {
    const { platform, client } = await setup();
    const userId = await fund(platform.id, "ext-5", 100);
    await db.wallet.update({ where: { platformId_userId: { platformId: platform.id, userId } }, data: { dailyCap: 0 } });
    const { data, response } = await client.chat.completions.create({ model: "tutor", messages: ask, user: "ext-5" }).withResponse();
    expect(response.headers.get("x-paywall-reason")).toBe("spend_cap_reached");
    expect(data.choices[0].message.content).toContain("spending limit");
    expect(await balance(platform.id, userId)).toBe(100);
  });

  it("lists priced models; refuses unknown models, bad tokens and missing users OpenAI-style", async () => {
    const { platform, client } = await setup();
    await fund(platform.id, "ext-6", 10);
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(["tutor"]);
    const unknown = await client.chat.completions.create({ model: "gpt-nope", messages: ask, user: "ext-6" }).catch((e) => e);
    expect(unknown.status).toBe(404);
    expect(unknown.code).toBe("model_not_found");
    const bad = await clientFor("not-a-token").chat.completions.create({ model: "tutor", messages: ask, user: "ext-6" }).catch((e) => e);
    expect(bad.status).toBe(401);
    expect(bad.error).toMatchObject({ code: "invalid_api_key" });
    const noUser = await client.chat.completions.create({ model: "tutor", messages: ask }).catch((e) => e);
    expect(noUser.status).toBe(400);
  });

  it("the item chat charges the signed-in user's wallet", async () => {
    const { platform } = await setup();
    const buyer = await createUser();
    await fund(platform.id, buyer.id, 50);
    const res = await call(itemChatRoute.POST, { method: "POST", sessionUserId: buyer.id, params: { pk: platform.key, type: "mentor", id: "tutor-1" }, body: { messages: ask }, headers: { origin: "http://localhost:3000" } });
    expect(res.json).toMatchObject({ object: "chat.completion" });
    expect(res.status).toBe(200);
    expect(res.json.choices[0].message.content).toContain("2x");
    expect(await usageEntries(platform.id, buyer.id)).toHaveLength(1);
    const none = await call(itemChatRoute.POST, { method: "POST", sessionUserId: buyer.id, params: { pk: platform.key, type: "mentor", id: "other" }, body: { messages: ask }, headers: { origin: "http://localhost:3000" } });
    expect(none.status).toBe(404);
  });

  it("never shows a provider's API key", async () => {
    const { token, params } = await setup();
    const created = await call(providersRoute.POST, { method: "POST", token, params, body: { name: "OpenAI", base_url: "https://api.openai.com/v1", api_key: SECRET_KEY } });
    const list = await call(providersRoute.GET, { token, params });
    expect(created.text + list.text).not.toContain(SECRET_KEY);
    expect(seen.join("\n")).not.toContain(SECRET_KEY);
    const row = await db.modelProvider.findUniqueOrThrow({ where: { id: created.json.id } });
    expect(row.apiKeyCiphertext).not.toContain(SECRET_KEY);
  });
});
