import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { NextRequest } from "next/server";
import { withApi } from "@/lib/api/with-api";
import { assertSameOrigin } from "@/lib/api/origin-check";
import { inputProblem, MAX_JSON_DEPTH } from "@/lib/api/request-input";
import { isMissingStripeObject, stripeFailure, toApiError } from "@/lib/stripe/errors";
import { sameOriginPath } from "@/lib/security/redirect-guard";
import { clientIp, PEER_ADDRESS_HEADER } from "@/lib/security/client-ip";
import { receiveStripeWebhook } from "@/lib/webhooks/receive-event";
import { db } from "@/lib/db";
import * as authRoute from "@/app/api/auth/[...nextauth]/route";
import { call, sessionCookie } from "./support/http";
import { createUser } from "./support/fixtures";

const doc = { summary: "test route", tags: ["test"] } as const;
const echo = withApi(
  { ...doc, auth: "public", body: z.object({ name: z.string().max(200) }).passthrough(), responses: { 200: z.object({ ok: z.boolean(), name: z.string() }) } },
  async ({ body }) => ({ ok: true, name: body.name }),
);
const mutate = withApi({ ...doc, auth: "user", body: z.object({}).passthrough(), responses: { 200: z.object({ ok: z.boolean() }) } }, async () => ({ ok: true }));

describe("request input", () => {
  it("refuses deep nesting, lone surrogates and NUL with a 400 JSON before any recursive walk", async () => {
    const deep = "[".repeat(5000) + "]".repeat(5000);
    const res = await call(echo, { method: "POST", rawBody: `{"name":"x","meta":${deep}}`, headers: { "content-type": "application/json" } });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: "validation_error" });
    expect(String(res.json.detail)).toMatch(/nested/);

    const lone = await call(echo, { method: "POST", rawBody: '{"name":"a\\ud800b"}', headers: { "content-type": "application/json" } });
    expect(lone.status).toBe(400);
    expect(String(lone.json.detail)).toMatch(/surrogate/);
    // a proper pair is text
    expect((await call(echo, { method: "POST", body: { name: "emoji \ud83d\ude00" } })).status).toBe(200);
    expect((await call(echo, { method: "POST", body: { name: "nul\u0000" } })).status).toBe(400);
    expect(inputProblem({ ["k\ud800"]: 1 })).toMatch(/surrogate/);
    expect(inputProblem(JSON.parse("[".repeat(MAX_JSON_DEPTH - 1) + "]".repeat(MAX_JSON_DEPTH - 1)))).toBeNull();
  });

  it("answers 413 JSON for a body over the limit, by Content-Length and by counting a stream", async () => {
    const big = JSON.stringify({ name: "x", pad: "y".repeat(200_000) });
    const res = await call(echo, { method: "POST", rawBody: big, headers: { "content-type": "application/json", "content-length": String(big.length) } });
    expect(res.status).toBe(413);
    expect(res.json).toMatchObject({ code: "payload_too_large" });
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 100; i++) c.enqueue(new TextEncoder().encode("x".repeat(10_000)));
        c.close();
      },
    });
    const req = new NextRequest("http://localhost:3000/api/x", { method: "POST", body: stream, duplex: "half" } as never);
    const streamed = await echo(req, { params: Promise.resolve({}) });
    expect(streamed.status).toBe(413);
  });

  it("marks every API answer private, no-store", async () => {
    const res = await echo(new NextRequest("http://localhost:3000/api/x", { method: "POST", body: '{"name":"a"}' }), { params: Promise.resolve({}) });
    expect(res.headers.get("cache-control")).toBe("private, no-store");
  });
});

describe("origin check", () => {
  const headers = (h: Record<string, string>) => new Headers({ host: "localhost:3000", ...h });
  it("lets our own origin through and refuses null, garbage, other hosts and other schemes", () => {
    expect(() => assertSameOrigin(headers({ origin: "http://localhost:3000" }))).not.toThrow();
    for (const origin of ["null", "garbage", "http://evil.example", "https://localhost:3000", "javascript:alert(1)", ""]) {
      expect(() => assertSameOrigin(headers({ origin })), origin).toThrow(/Cross-site/);
    }
    // without a configured proxy, X-Forwarded-Host is the client's word, not ours
    expect(() => assertSameOrigin(headers({ origin: "http://evil.example", "x-forwarded-host": "evil.example" }))).toThrow(/Cross-site/);
  });

  it("answers a cookie mutation with Origin: null as 403 JSON, not 500", async () => {
    const user = await createUser();
    const res = await call(mutate, { method: "POST", body: {}, headers: { cookie: await sessionCookie(user.id), origin: "null" } });
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ code: "cross_site_request" });
  });
});

describe("client address", () => {
  it("is the socket peer without a proxy, whatever X-Forwarded-For says", () => {
    const h = new Headers({ [PEER_ADDRESS_HEADER]: "198.51.100.1", "x-forwarded-for": "1.2.3.4" });
    expect(clientIp(h, 0)).toBe("198.51.100.1");
    // behind one proxy of ours, the entry it appended
    expect(clientIp(new Headers({ [PEER_ADDRESS_HEADER]: "10.0.0.2", "x-forwarded-for": "6.6.6.6, 203.0.113.5" }), 1)).toBe("203.0.113.5");
  });
});

describe("sign-in redirects", () => {
  it.each([
    ["/profile?tab=purchases", "/profile?tab=purchases"],
    ["/\\evil.example/", "/"],
    ["/\t/evil.example", "/"],
    ["//evil.example", "/"],
    ["https://evil.example/x", "/"],
    ["http://localhost:3000/account", "/account"],
    ["javascript:alert(1)", "/"],
    ["", "/"],
  ])("%j → %j", (input, expected) => {
    expect(sameOriginPath(input)).toBe(expected);
  });
});

describe("sign-in limits", () => {
  // next-auth itself needs Next's request scope, which an in-process call lacks: only the limits
  // in front of it are under test here (the started-server run covers the rest)
  beforeAll(() => {
    vi.spyOn(console, "error").mockImplementation(() => {});
  });
  afterAll(() => {
    vi.restoreAllMocks();
  });
  const post = (path: string[], form: Record<string, string>, peer: string) =>
    authRoute.POST(
      new NextRequest(`http://localhost:3000/api/auth/${path.join("/")}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", [PEER_ADDRESS_HEADER]: peer },
        body: new URLSearchParams(form).toString(),
      }),
      { params: Promise.resolve({ nextauth: path }) },
    );

  it("limits password attempts per account with 429 and Retry-After", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await post(["callback", "credentials"], { email: "victim@example.test", password: `guess${i}`, json: "true" }, `192.0.2.${i}`)).status);
    expect(statuses.slice(0, 10)).not.toContain(429);
    const last = await post(["callback", "credentials"], { email: "Victim@Example.test", password: "x", json: "true" }, "192.0.2.200");
    expect(last.status).toBe(429);
    expect(Number(last.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await last.json()).toMatchObject({ code: "rate_limited", url: expect.stringContaining("error=RateLimited") });
  });

  it("limits magic links per client across addresses", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await post(["signin", "email"], { email: `person${i}@example.test` }, "198.51.100.77")).status);
    expect(statuses.slice(0, 10)).not.toContain(429);
    expect(statuses[10]).toBe(429);
  });
});

describe("Stripe failures", () => {
  // errors as another copy of the SDK would build them: same fields, different classes
  const foreign = (type: string, extra: Record<string, unknown> = {}) => Object.assign(new Error("boom"), { type, ...extra });

  it("are classified by type and status, not by class identity", () => {
    expect(stripeFailure(foreign("StripeConnectionError"))?.kind).toBe("connection");
    expect(toApiError("x", foreign("StripeConnectionError"))).toMatchObject({ status: 503, code: "stripe_unavailable" });
    expect(toApiError("x", foreign("StripeAPIError", { statusCode: 500 }))).toMatchObject({ status: 502, code: "stripe_unavailable" });
    expect(toApiError("x", foreign("StripeInvalidRequestError", { statusCode: 400 }))).toMatchObject({ status: 400, code: "stripe_rejected" });
    expect(toApiError("x", foreign("StripeError", { statusCode: 429 }))).toMatchObject({ status: 503 });
    expect(isMissingStripeObject(foreign("StripeInvalidRequestError", { code: "resource_missing", statusCode: 404 }))).toBe(true);
    expect(stripeFailure(new Error("plain"))).toBeNull();
    // the real SDK's own errors
    const real = Stripe.errors.StripeError.generate({ type: "api_error", message: "down" } as never);
    expect(toApiError("x", real)).toMatchObject({ status: 502 });
  });
});

describe("malformed webhook envelopes", () => {
  const sdk = new Stripe("sk_test_x");
  const sign = (payload: string) => sdk.webhooks.generateTestHeaderString({ payload, secret: process.env.STRIPE_WEBHOOK_SECRET! });
  const deliver = (payload: string) => receiveStripeWebhook("platform", payload, sign(payload));

  it.each([
    ["no id", JSON.stringify({ type: "invoice.paid", data: { object: { id: "in_1" } } })],
    ["a numeric id", JSON.stringify({ id: 42, type: "invoice.paid", data: { object: { id: "in_1" } } })],
    ["an array", "[]"],
    ["null", "null"],
    ["a string", '"evt"'],
  ])("refuses a signed body with %s as 400, stores nothing", async (_, payload) => {
    const before = await db.stripeEvent.count();
    const res = await deliver(payload);
    expect(res.status).toBe(400);
    expect(res.body.code).toBeDefined();
    expect(await db.stripeEvent.count()).toBe(before);
  });

  it("records and acknowledges a handled type whose object has no id, once", async () => {
    const id = `evt_malformed_${Date.now()}`;
    const payload = JSON.stringify({ id, type: "invoice.paid", data: { object: { object: "invoice" } } });
    const res = await deliver(payload);
    expect(res).toMatchObject({ status: 200, body: { handled: false } });
    const row = await db.stripeEvent.findFirstOrThrow({ where: { id } });
    expect(row.processError).toMatch(/skipped/);
    expect((await deliver(payload)).body.duplicate).toBe(true);
  });

  it("keeps the same event id apart per endpoint", async () => {
    const id = `evt_both_${Date.now()}`;
    const payload = JSON.stringify({ id, type: "customer.created", data: { object: { id: "cus_1" } } });
    expect((await deliver(payload)).status).toBe(200);
    const connectSig = sdk.webhooks.generateTestHeaderString({ payload, secret: process.env.STRIPE_CONNECT_WEBHOOK_SECRET! });
    const other = await receiveStripeWebhook("connect", payload, connectSig);
    expect(other.body.duplicate).toBeUndefined();
    expect(await db.stripeEvent.count({ where: { id } })).toBe(2);
  });

  it("stores an event whose payload PostgreSQL cannot hold", async () => {
    const id = `evt_nul_${Date.now()}`;
    const payload = JSON.stringify({ id, type: "customer.created", data: { object: { id: "cus_1", name: "a\u0000b\ud800" } } });
    expect((await deliver(payload)).status).toBe(200);
    expect((await db.stripeEvent.findFirstOrThrow({ where: { id } })).payload).toMatchObject({ unstorable: expect.any(String) });
  });
});

describe("next-auth requests", () => {
  it("get every callback URL made ours before next-auth parses them", async () => {
    const { sanitizedAuthRequest } = await import("@/lib/auth/auth-request");
    const req = new NextRequest("http://localhost:3000/api/auth/session?callbackUrl=1e308", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    const { request, form } = sanitizedAuthRequest(req, "email=x%40y.test&callbackUrl=%2F%5Cevil.example%2F");
    expect(new URL(request.url).searchParams.get("callbackUrl")).toBe("http://localhost:3000/1e308");
    expect(form.get("callbackUrl")).toBe("http://localhost:3000/");
    expect(new URLSearchParams(await request.text()).get("email")).toBe("x@y.test");
    const json = new NextRequest("http://localhost:3000/api/auth/session", { method: "POST", headers: { "content-type": "application/json" } });
    expect(() => sanitizedAuthRequest(json, '{"a":')).toThrow(/Malformed JSON/);
    expect(await sanitizedAuthRequest(json, " ").request.text()).toBe("{}");
    // `%25` arrives as a lone `%`, which next-auth would fail to decode again
    const stray = new NextRequest("http://localhost:3000/api/auth/session?callbackUrl=jqP%25s0mp&DQ=-1");
    expect(new URL(sanitizedAuthRequest(stray, null).request.url).searchParams.get("callbackUrl")).toBe("http://localhost:3000/");
  });
});
