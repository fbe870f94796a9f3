import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { startHarness, sdk, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function raw(path: string, init: RequestInit = {}) {
  const res = await fetch(`${h.server.url}${path}`, init);
  return { status: res.status, headers: res.headers, body: (await res.json()) as { error?: Record<string, unknown> } & Record<string, unknown> };
}

describe("auth and errors", () => {
  it("rejects a missing or invalid key with 401", async () => {
    const none = await raw("/v1/customers");
    expect(none.status).toBe(401);
    expect(none.body.error).toMatchObject({ type: "invalid_request_error" });
    const bad = await raw("/v1/customers", { headers: { authorization: "Bearer sk_live_nope" } });
    expect(bad.status).toBe(401);
    expect(bad.body.error?.message).toMatch(/Invalid API Key/);
    const basic = await raw("/v1/customers", { headers: { authorization: `Basic ${Buffer.from("sk_test_x:").toString("base64")}` } });
    expect(basic.status).toBe(200);
    await expect(new Stripe("sk_live_bad", { host: "127.0.0.1", port: h.port, protocol: "http" }).customers.list()).rejects.toBeInstanceOf(
      Stripe.errors.StripeAuthenticationError,
    );
  });

  it("answers unknown routes and ids with Stripe-shaped 404s", async () => {
    const route = await raw("/v1/nope", { headers: { authorization: "Bearer sk_test_x" } });
    expect(route.status).toBe(404);
    expect(route.body.error).toMatchObject({ type: "invalid_request_error" });
    expect(route.body.error?.message).toMatch(/Unrecognized request URL/);
    const err = await h.stripe.customers.retrieve("cus_missing").catch((e: Stripe.errors.StripeError) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const e = err as Stripe.errors.StripeError;
    expect(e.statusCode).toBe(404);
    expect(e.code).toBe("resource_missing");
    expect(e.param).toBe("id");
    expect(e.message).toBe("No such customer: 'cus_missing'");
  });

  it("validates params with 400 and the param name", async () => {
    const e = (await h.stripe.prices.create({ currency: "usd", unit_amount: 100 } as Stripe.PriceCreateParams).catch((x: unknown) => x)) as Stripe.errors.StripeError;
    expect(e.statusCode).toBe(400);
    expect(e.type).toBe("StripeInvalidRequestError");
    expect(e.param).toBe("product");
    const body = await raw("/v1/checkout/sessions", {
      method: "POST",
      headers: { authorization: "Bearer sk_test_x", "content-type": "application/x-www-form-urlencoded" },
      body: "mode=payment",
    });
    expect(body.status).toBe(400);
    expect(Object.keys(body.body.error ?? {}).sort()).toEqual(["code", "message", "param", "type"]);
  });
});

describe("idempotency", () => {
  it("replays the same response with Idempotent-Replayed", async () => {
    const key = `k-${Date.now()}`;
    const first = await h.stripe.customers.create({ email: "idem@example.com" }, { idempotencyKey: key });
    const second = await h.stripe.customers.create({ email: "idem@example.com" }, { idempotencyKey: key });
    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(first.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
    const list = await h.stripe.customers.list({ email: "idem@example.com" });
    expect(list.data).toHaveLength(1);
    const conflict = (await h.stripe.customers.create({ email: "other@example.com" }, { idempotencyKey: key }).catch((x: unknown) => x)) as Stripe.errors.StripeError;
    expect(conflict).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(conflict.statusCode).toBe(400);
  });

  it("scopes keys per account", async () => {
    const acct = await h.stripe.accounts.create({ type: "express" });
    const key = `scope-${Date.now()}`;
    const a = await h.stripe.customers.create({ email: "x@example.com" }, { idempotencyKey: key });
    const b = await h.stripe.customers.create({ email: "x@example.com" }, { idempotencyKey: key, stripeAccount: acct.id });
    expect(b.id).not.toBe(a.id);
  });
});

describe("Stripe-Account", () => {
  it("isolates objects per connected account", async () => {
    const acct = await h.stripe.accounts.create({ type: "express" });
    const theirs = await h.stripe.customers.create({ email: "theirs@example.com" }, { stripeAccount: acct.id });
    await expect(h.stripe.customers.retrieve(theirs.id)).rejects.toMatchObject({ statusCode: 404 });
    const again = await h.stripe.customers.retrieve(theirs.id, {}, { stripeAccount: acct.id });
    expect(again.id).toBe(theirs.id);
    const platformList = await h.stripe.customers.list({ limit: 100 });
    expect(platformList.data.map((c) => c.id)).not.toContain(theirs.id);
    const me = await h.stripe.accounts.retrieveCurrent({}, { stripeAccount: acct.id });
    expect(me.id).toBe(acct.id);
    const platform = await h.stripe.accounts.retrieveCurrent();
    const config = await h.control<{ platform_account: string }>("config", undefined, "GET");
    expect(platform.id).toBe(config.body.platform_account);
    const bad = (await h.stripe.customers.list({}, { stripeAccount: "acct_nope" }).catch((x: unknown) => x)) as Stripe.errors.StripeError;
    expect(bad.statusCode).toBe(403);
  });
});

describe("lists and expand", () => {
  it("paginates with starting_after and has_more", async () => {
    const acct = await h.stripe.accounts.create({ type: "express" });
    const opts = { stripeAccount: acct.id };
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await h.stripe.products.create({ name: `P${i}` }, opts)).id);
    const page1 = await h.stripe.products.list({ limit: 2 }, opts);
    expect(page1.data.map((p) => p.id)).toEqual([made[4], made[3]]);
    expect(page1.has_more).toBe(true);
    const page3 = await h.stripe.products.list({ limit: 2, starting_after: made[1] }, opts);
    expect(page3.data.map((p) => p.id)).toEqual([made[0]]);
    expect(page3.has_more).toBe(false);
    const all: string[] = [];
    for await (const p of h.stripe.products.list({ limit: 2 }, opts)) all.push(p.id);
    expect(all).toEqual([...made].reverse());
  });

  it("filters prices by product and lookup_keys, updates active, expands product", async () => {
    const product = await h.stripe.products.create({ name: "Lookup" });
    const price = await h.stripe.prices.create({ product: product.id, unit_amount: 500, currency: "jpy", lookup_key: `lk_${Date.now()}` });
    const byKey = await h.stripe.prices.list({ lookup_keys: [price.lookup_key!], expand: ["data.product"] });
    expect(byKey.data).toHaveLength(1);
    expect((byKey.data[0].product as Stripe.Product).name).toBe("Lookup");
    const byProduct = await h.stripe.prices.list({ product: product.id });
    expect(byProduct.data.map((p) => p.id)).toEqual([price.id]);
    const off = await h.stripe.prices.update(price.id, { active: false });
    expect(off.active).toBe(false);
    expect((await h.stripe.prices.list({ product: product.id, active: true })).data).toHaveLength(0);
  });
});

describe("faults", () => {
  it("injects 500s for the next N requests under a path", async () => {
    await h.control("faults", { path: "/v1/customers", status: 500, count: 1 });
    const e = (await h.stripe.customers.list().catch((x: unknown) => x)) as Stripe.errors.StripeError;
    expect(e.statusCode).toBe(500);
    expect(e.type).toBe("StripeAPIError");
    await expect(h.stripe.customers.list()).resolves.toBeTruthy();
  });

  it("holds a request until the client times out", async () => {
    await h.control("faults", { path: "/v1/products", status: "timeout", count: 1 });
    const quick = sdk(h.port, { timeout: 300 });
    const e = (await quick.products.list().catch((x: unknown) => x)) as Stripe.errors.StripeError;
    expect(e).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    await expect(quick.products.list()).resolves.toBeTruthy();
  });
});

describe("controls", () => {
  it("reports health and config", async () => {
    const health = await h.control("health", undefined, "GET");
    expect(health.body).toEqual({ status: "ok" });
    const config = await h.control<{ webhook_secrets: { platform: string; connect: string }; platform_account: string }>("config", undefined, "GET");
    expect(config.body.webhook_secrets.platform).toMatch(/^whsec_/);
    expect(config.body.webhook_secrets.connect).toMatch(/^whsec_/);
    expect(config.body.webhook_secrets.connect).not.toBe(config.body.webhook_secrets.platform);
    expect(config.body.platform_account).toMatch(/^acct_/);
  });
});
