import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { withApi } from "@/lib/api/with-api";
import { ConflictError, NotFoundError } from "@/lib/api/errors";
import { call } from "./support/http";
import { createPlatform, createUser, tokenFor } from "./support/fixtures";

const doc = { summary: "test route", tags: ["test"] } as const;
const adminRoute = withApi(
  {
    ...doc,
    auth: "platform-admin",
    params: z.object({ pk: z.string() }),
    body: z.object({ amount: z.string().regex(/^\d+$/, "Digits only."), name: z.string().min(1) }),
    responses: { 200: z.object({ platform: z.string(), body: z.object({ amount: z.string(), name: z.string() }).nullable() }) },
  },
  async ({ platform, body }) => ({ platform: platform.key, body: body ?? null }),
);
const adminGet = withApi(
  { ...doc, auth: "platform-admin", params: z.object({ pk: z.string() }), responses: { 200: z.object({ key: z.string(), role: z.string() }) } },
  async ({ platform, role }) => ({ key: platform.key, role }),
);
const publicRoute = (fn: () => Promise<never>) => withApi({ ...doc, auth: "public", responses: { 200: z.object({}) } }, fn);

describe("withApi", () => {
  it("answers 404, not 403, when a token of platform A is used on platform B's admin route", async () => {
    const a = await createPlatform();
    const b = await createPlatform();
    const owner = await createUser({ platformId: a.id, role: "owner" });
    // even a user who is admin on both platforms: the token only sees the platform it was minted for
    await (await import("@/lib/db")).db.membership.create({ data: { userId: owner.id, platformId: b.id, role: "admin" } });
    const token = await tokenFor(owner.id, a.key);

    const own = await call(adminGet, { token, params: { pk: a.key } });
    expect(own.status).toBe(200);
    expect(own.json).toEqual({ key: a.key, role: "owner" });

    const other = await call(adminGet, { token, params: { pk: b.key } });
    expect(other.status).toBe(404);
    expect(other.json).toEqual({ detail: "Not found.", code: "not_found" });
  });

  it("answers 404 for a platform the caller does not belong to and 403 for a member without the role", async () => {
    const a = await createPlatform();
    const stranger = await createUser();
    const member = await createUser({ platformId: a.id, role: "member" });
    expect((await call(adminGet, { sessionUserId: stranger.id, params: { pk: a.key } })).status).toBe(404);
    expect((await call(adminGet, { sessionUserId: member.id, params: { pk: a.key } })).status).toBe(403);
    expect((await call(adminGet, { params: { pk: a.key } })).status).toBe(401);
    expect((await call(adminGet, { sessionUserId: member.id, params: { pk: "no-such-platform" } })).status).toBe(404);
  });

  it("lets operators through on any platform", async () => {
    const a = await createPlatform();
    const operator = await createUser({ isOperator: true });
    const res = await call(adminGet, { sessionUserId: operator.id, params: { pk: a.key } });
    expect(res.status).toBe(200);
    expect(res.json.role).toBe("operator");
  });

  it("rejects a bad body with 400 and the errors of each field", async () => {
    const a = await createPlatform();
    const admin = await createUser({ platformId: a.id, role: "admin" });
    const res = await call(adminRoute, { method: "POST", sessionUserId: admin.id, params: { pk: a.key }, body: { amount: "12.5x" } });
    expect(res.status).toBe(400);
    expect(res.json.detail).toMatch(/amount/);
    expect(res.json.errors.amount).toEqual(["Digits only."]);
    expect(res.json.errors.name).toHaveLength(1);

    const malformed = await call(adminRoute, { method: "POST", sessionUserId: admin.id, params: { pk: a.key }, rawBody: "{nope", headers: { "content-type": "application/json" } });
    expect(malformed.status).toBe(400);
    expect(malformed.json.detail).toBe("Malformed JSON body.");

    const ok = await call(adminRoute, { method: "POST", sessionUserId: admin.id, params: { pk: a.key }, body: { amount: "125", name: "x" } });
    expect(ok.status).toBe(200);
    expect(ok.json.body).toEqual({ amount: "125", name: "x" });
  });

  it("turns an unknown exception into a JSON 500 without a stack trace", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    const boom = publicRoute(async () => {
      throw new Error("secret internals at /srv/app/lib/x.ts:12");
    });
    const res = await call(boom);
    spy.mockRestore();
    expect(res.status).toBe(500);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.json).toEqual({ detail: "Internal server error.", code: "internal_error" });
    expect(res.text).not.toContain("secret internals");
  });

  it("maps domain errors to their status", async () => {
    const res = await call(withApi({ ...doc, auth: "public", params: z.object({}), responses: { 200: z.object({}) } }, async () => { throw new NotFoundError("Paywall not found."); }));
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ detail: "Paywall not found.", code: "not_found" });
  });

  it("refuses cross-site mutations made with a session cookie, but not with a token", async () => {
    const a = await createPlatform();
    const admin = await createUser({ platformId: a.id, role: "admin" });
    const body = { amount: "1", name: "x" };
    const crossSite = await call(adminRoute, { method: "POST", sessionUserId: admin.id, params: { pk: a.key }, body, headers: { origin: "https://evil.example", host: "localhost:3000" } });
    expect(crossSite.status).toBe(403);
    const sameSite = await call(adminRoute, { method: "POST", sessionUserId: admin.id, params: { pk: a.key }, body, headers: { origin: "http://localhost:3000", host: "localhost:3000" } });
    expect(sameSite.status).toBe(200);
    const token = await tokenFor(admin.id, a.key);
    const withToken = await call(adminRoute, { method: "POST", token, params: { pk: a.key }, body, headers: { origin: "https://evil.example", host: "localhost:3000" } });
    expect(withToken.status).toBe(200);
  });

  it("rejects a malformed Authorization header and unknown tokens with 401, and takes Bearer as an alias of Token", async () => {
    const route = withApi({ ...doc, auth: "user", responses: { 200: z.object({ email: z.string() }) } }, async ({ caller }) => ({ email: caller.user.email }));
    expect((await call(route, { headers: { authorization: "Basic abc" } })).status).toBe(401);
    expect((await call(route, { headers: { authorization: "Bearer" } })).status).toBe(401);
    expect((await call(route, { headers: { authorization: "Bearer tg_doesnotexist" } })).status).toBe(401);
    const res = await call(route, { token: "tg_doesnotexist" });
    expect(res.status).toBe(401);
    expect(res.json.detail).toBe("Invalid or revoked token.");

    const a = await createPlatform();
    const user = await createUser({ platformId: a.id, role: "member" });
    const token = await tokenFor(user.id, a.key);
    const bearer = await call(route, { headers: { authorization: `Bearer ${token}` } });
    expect(bearer.status).toBe(200);
    expect(bearer.json.email).toBe(user.email);
  });

  it("serves public routes to callers with a stale or malformed Authorization header", async () => {
    const route = withApi({ ...doc, auth: "public", responses: { 200: z.object({ signed_in: z.boolean() }) } }, async ({ caller }) => ({ signed_in: !!caller }));
    for (const authorization of ["Token tg_revoked_or_unknown", "Bearer nonsense", "Basic Zm9vOmJhcg==", "Token"]) {
      const res = await call(route, { headers: { authorization } });
      expect(res.status, authorization).toBe(200);
      expect(res.json).toEqual({ signed_in: false });
    }
  });

  it("replaces an answer that breaks its declared schema or status with a contract violation (tests and development)", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    const wrongShape = withApi({ ...doc, auth: "public", responses: { 200: z.object({ amount_minor: z.number().int() }) } }, async () => ({ amount_minor: "12" }) as never);
    const res = await call(wrongShape);
    expect(res.status).toBe(500);
    expect(res.json.code).toBe("response_contract_violation");
    expect(res.json.detail).toMatch(/amount_minor/);

    // a conflict the declaration does not list is a violation too
    const undeclared = withApi({ ...doc, auth: "public", responses: { 200: z.object({}) } }, async () => {
      throw new ConflictError("Already there.");
    });
    const conflict = await call(undeclared);
    expect(conflict.status).toBe(500);
    expect(conflict.json.detail).toMatch(/status 409 is not declared/);
    const declared = withApi({ ...doc, auth: "public", responses: { 200: z.object({}) }, errors: [409] }, async () => {
      throw new ConflictError("Already there.");
    });
    expect((await call(declared)).status).toBe(409);
    spy.mockRestore();
  });
});
