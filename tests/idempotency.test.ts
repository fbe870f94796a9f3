import { describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { db } from "@/lib/db";
import { ApiError } from "@/lib/api/errors";
import { IDEMPOTENCY_TTL_MS, withIdempotency } from "@/lib/idempotency/idempotency";
import { createPlatform } from "./support/fixtures";

const req = (headers: Record<string, string>) => new NextRequest("http://localhost/api/x", { method: "POST", headers });
const token = (key?: string) => req({ authorization: "Token t", ...(key ? { "idempotency-key": key } : {}) });

async function expectApiError(p: Promise<unknown>, status: number, code: string) {
  await expect(p).rejects.toMatchObject({ status, code });
}

describe("Idempotency-Key", { timeout: 60_000 }, () => {
  it("runs once per key and replays the first answer; another body or route with the key is 409", async () => {
    const p = await createPlatform();
    let runs = 0;
    const run = async () => ({ status: 200, body: { n: ++runs } });
    const a = await withIdempotency(token("k1"), p.id, "deposit", { amount: 5, reason: "x" }, run);
    // the same body in another key order is the same request
    const b = await withIdempotency(token("k1"), p.id, "deposit", { reason: "x", amount: 5 }, run);
    expect(await a.json()).toEqual({ n: 1 });
    expect(await b.json()).toEqual({ n: 1 });
    expect(b.headers.get("Idempotent-Replayed")).toBe("true");
    expect(runs).toBe(1);
    await expectApiError(withIdempotency(token("k1"), p.id, "deposit", { amount: 6, reason: "x" }, run), 409, "idempotency_key_reused");
    await expectApiError(withIdempotency(token("k1"), p.id, "usage", { amount: 5, reason: "x" }, run), 409, "idempotency_key_reused");
    // keys belong to a platform
    const other = await createPlatform();
    expect(await (await withIdempotency(token("k1"), other.id, "deposit", { amount: 5, reason: "x" }, run)).json()).toEqual({ n: 2 });
  });

  it("a token needs a key, a browser session does not", async () => {
    const p = await createPlatform();
    const run = async () => ({ status: 200, body: {} });
    await expectApiError(withIdempotency(token(), p.id, "usage", {}, run), 400, "idempotency_key_required");
    expect((await withIdempotency(req({ cookie: "s=1" }), p.id, "usage", {}, run)).status).toBe(200);
  });

  it("a request still running answers 409 in progress; a client error is replayed; a server error frees the key", async () => {
    const p = await createPlatform();
    let release!: () => void;
    const slow = withIdempotency(token("k2"), p.id, "usage", {}, () => new Promise((r) => (release = () => r({ status: 200, body: { ok: true } }))));
    await new Promise((r) => setTimeout(r, 50));
    await expectApiError(withIdempotency(token("k2"), p.id, "usage", {}, async () => ({ status: 200, body: {} })), 409, "idempotency_key_in_progress");
    release();
    expect((await slow).status).toBe(200);

    const refuse = async (): Promise<never> => {
      throw new ApiError(402, "Not enough credits.", { balance: 0 }, "insufficient_credits");
    };
    const first = await withIdempotency(token("k3"), p.id, "usage", {}, refuse);
    expect(first.status).toBe(402);
    const replay = await withIdempotency(token("k3"), p.id, "usage", {}, async () => ({ status: 200, body: {} }));
    expect(replay.status).toBe(402);
    expect(await replay.json()).toEqual({ detail: "Not enough credits.", code: "insufficient_credits", balance: 0 });

    await expect(withIdempotency(token("k4"), p.id, "usage", {}, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await db.idempotencyKey.count({ where: { platformId: p.id, key: "k4" } })).toBe(0);
    expect((await withIdempotency(token("k4"), p.id, "usage", {}, async () => ({ status: 200, body: { retried: true } }))).status).toBe(200);
  });

  it("a key older than 24 hours is forgotten", async () => {
    const p = await createPlatform();
    await withIdempotency(token("k5"), p.id, "usage", { a: 1 }, async () => ({ status: 200, body: { first: true } }));
    await db.idempotencyKey.updateMany({ where: { platformId: p.id, key: "k5" }, data: { createdAt: new Date(Date.now() - IDEMPOTENCY_TTL_MS - 1000) } });
    const again = await withIdempotency(token("k5"), p.id, "usage", { a: 2 }, async () => ({ status: 200, body: { second: true } }));
    expect(await again.json()).toEqual({ second: true });
    expect(again.headers.get("Idempotent-Replayed")).toBeNull();
  });
});
