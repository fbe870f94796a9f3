import http from "node:http";
import { afterAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { hashTokenKey } from "@/lib/auth/api-tokens";
import * as tokensRoute from "@/app/api/tokens/route";
import * as tokenRoute from "@/app/api/tokens/[id]/route";
import * as meRoute from "@/app/api/me/route";
import { call } from "./support/http";
import { createPlatform, createUser } from "./support/fixtures";

describe("API tokens", () => {
  it("mints a token shown once, stores only its hash, and accepts it until revoked", async () => {
    const p = await createPlatform();
    const user = await createUser({ platformId: p.id, role: "admin" });

    const minted = await call(tokensRoute.POST, { method: "POST", sessionUserId: user.id, body: { name: "CI", platform_key: p.key } });
    expect(minted.status).toBe(201);
    const key = minted.json.key as string;
    expect(key).toMatch(/^tg_[A-Za-z0-9_-]{20,}$/);

    const row = await db.apiToken.findFirstOrThrow({ where: { userId: user.id } });
    expect(row.tokenHash).toBe(hashTokenKey(key));
    expect(JSON.stringify(row)).not.toContain(key);

    const list = await call(tokensRoute.GET, { sessionUserId: user.id });
    expect(list.json.results).toHaveLength(1);
    expect(list.json.results[0]).not.toHaveProperty("key");
    expect(list.json.results[0]).toMatchObject({ name: "CI", platform_key: p.key, revoked_at: null });

    const me = await call(meRoute.GET, { token: key });
    expect(me.status).toBe(200);
    expect(me.json.email).toBe(user.email);

    const revoked = await call(tokenRoute.DELETE, { method: "DELETE", sessionUserId: user.id, params: { id: row.id } });
    expect(revoked.status).toBe(200);
    expect(revoked.json.revoked_at).not.toBeNull();

    const after = await call(meRoute.GET, { token: key });
    expect(after.status).toBe(401);
  });

  it("only mints for platforms the user belongs to", async () => {
    const mine = await createPlatform();
    const theirs = await createPlatform();
    const user = await createUser({ platformId: mine.id });
    const res = await call(tokensRoute.POST, { method: "POST", sessionUserId: user.id, body: { name: "x", platform_key: theirs.key } });
    expect(res.status).toBe(404);
    expect(await db.apiToken.count({ where: { userId: user.id } })).toBe(0);
  });

  it("cannot be managed with a token, nor revoked by someone else", async () => {
    const p = await createPlatform();
    const owner = await createUser({ platformId: p.id });
    const other = await createUser({ platformId: p.id });
    const minted = await call(tokensRoute.POST, { method: "POST", sessionUserId: owner.id, body: { name: "x", platform_key: p.key } });
    const key = minted.json.key as string;
    expect((await call(tokensRoute.POST, { method: "POST", token: key, body: { name: "y", platform_key: p.key } })).status).toBe(403);
    const foreign = await call(tokenRoute.DELETE, { method: "DELETE", sessionUserId: other.id, params: { id: minted.json.id as string } });
    expect(foreign.status).toBe(404);
    expect((await call(meRoute.GET, { token: key })).status).toBe(200);
  });

  it("validates the mint body", async () => {
    const p = await createPlatform();
    const user = await createUser({ platformId: p.id });
    const res = await call(tokensRoute.POST, { method: "POST", sessionUserId: user.id, body: { name: "  ", platform_key: p.key } });
    expect(res.status).toBe(400);
    expect(res.json.errors.name).toEqual(["Name is required."]);
  });
});

describe("Authorization schemes", () => {
  it("accepts `Bearer <key>` exactly like `Token <key>` on GET /api/me", async () => {
    const p = await createPlatform();
    const user = await createUser({ platformId: p.id, role: "admin" });
    const minted = await call(tokensRoute.POST, { method: "POST", sessionUserId: user.id, body: { name: "gen-client", platform_key: p.key } });
    const key = minted.json.key as string;

    const viaToken = await call(meRoute.GET, { headers: { authorization: `Token ${key}` } });
    const viaBearer = await call(meRoute.GET, { headers: { authorization: `Bearer ${key}` } });
    expect(viaToken.status).toBe(200);
    expect(viaBearer.status).toBe(200);
    expect(viaBearer.json).toEqual(viaToken.json);
    expect(viaBearer.json).toMatchObject({ id: user.id, email: user.email, platforms: [{ key: p.key, role: "admin" }] });

    for (const bad of ["Bearer tg_not-a-real-key", "Bearer", "Basic dXNlcjpwYXNz"]) {
      const res = await call(meRoute.GET, { headers: { authorization: bad } });
      expect(res.status).toBe(401);
      expect(res.json.code).toBe("not_authenticated");
    }
  });

  describe("on a public route", () => {
    // the health check asks Local Stripe's health probe; this stands in for it
    let stripeHealthy = true;
    const fakeStripe = http.createServer((req, res) => {
      res.writeHead(req.url === "/_local/health" && stripeHealthy ? 200 : 500, { "content-type": "application/json" });
      res.end("{}");
    });
    afterAll(() => new Promise<void>((r) => fakeStripe.close(() => r())));

    /** A fresh copy of the health route reading LOCAL_STRIPE_URL now (settings and its Stripe check are cached). */
    async function healthRoute() {
      if (!fakeStripe.listening) await new Promise<void>((r) => fakeStripe.listen(0, "127.0.0.1", () => r()));
      process.env.LOCAL_STRIPE_URL = `http://127.0.0.1:${(fakeStripe.address() as { port: number }).port}`;
      vi.resetModules();
      return import("@/app/api/health/route");
    }

    it("ignores an invalid Authorization header and answers 200", async () => {
      const health = await healthRoute();
      const plain = await call(health.GET);
      expect(plain.status).toBe(200);
      expect(plain.json).toMatchObject({ status: "ok", database: { ok: true }, stripe: { ok: true, mode: "local" } });
      for (const bad of ["Token tg_revoked-or-made-up", "Bearer nonsense", "Basic dXNlcjpwYXNz", "Token"]) {
        const res = await call(health.GET, { headers: { authorization: bad } });
        expect(res.status).toBe(200);
        expect(res.json.status).toBe("ok");
      }
    });

    it("answers 503 with the same body when a dependency is down", async () => {
      stripeHealthy = false;
      const health = await healthRoute();
      const res = await call(health.GET, { headers: { authorization: "Bearer nonsense" } });
      expect(res.status).toBe(503);
      expect(res.json).toMatchObject({ status: "degraded", database: { ok: true }, stripe: { ok: false, mode: "local" } });
      expect(typeof res.json.stripe.error).toBe("string");
      expect(res.headers.get("cache-control")).toBe("no-store");
    });
  });
});
