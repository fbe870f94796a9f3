import { describe, expect, it } from "vitest";
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
