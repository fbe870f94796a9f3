import { describe, expect, it, vi } from "vitest";
import pg from "pg";
import { db, dbHandle } from "@/lib/db";
import * as accessRoute from "@/app/api/billing/platforms/[pk]/items/[type]/[id]/access-check/route";
import { call } from "./support/http";
import { createUser, tokenFor } from "./support/fixtures";
import { localStripeForFile } from "./support/local-stripe";
import { checkout, pay, sellingPlatform } from "./support/buy";

// The access check is the hot path of every paywalled page: it must cost at most two database
// round trips (the caller with the item, then the decision with its offers and subscription)
// and write nothing, whoever calls and whatever it answers — and still see every change at once.

const ls = localStripeForFile();

/** Statements the database driver was handed while `fn` ran. */
async function statements(fn: () => Promise<unknown>): Promise<string[]> {
  const handle = dbHandle();
  const spies = [...(handle.pglite ? [vi.spyOn(handle.pglite, "query"), vi.spyOn(handle.pglite, "exec")] : []), vi.spyOn(pg.Client.prototype, "query")];
  try {
    await fn();
    return spies.flatMap((spy) => spy.mock.calls.map((c) => (typeof c[0] === "string" ? c[0] : String((c[0] as { text?: string } | undefined)?.text ?? c[0]))));
  } finally {
    spies.forEach((spy) => spy.mockRestore());
  }
}

const WRITE = /^\s*(?:WITH[\s\S]*?\)\s*)?(INSERT|UPDATE|DELETE)\b/i;

describe("access check cost", () => {
  it("answers token and cookie callers, allowed and denied, in two round trips and no write; a cancel shows on the next check", async () => {
    const s = await sellingPlatform(ls);
    const learner = await createUser({ platformId: s.platform.id });
    const token = await tokenFor(learner.id, s.pk);
    const started = await checkout(learner.id, s.item, { price_id: s.prices.once.id });
    await pay(ls, started.json.session_id);
    await db.catalogItem.create({ data: { platformId: s.platform.id, itemType: "course", itemId: "locked", name: "Locked" } });
    await db.paywall.create({ data: { platformId: s.platform.id, itemType: "course", itemId: "locked", itemName: "Locked", isEnabled: true } });
    const locked = { pk: s.pk, type: "course", id: "locked" };
    await ls.flush();

    const cases = [
      { name: "cookie allowed", opts: { sessionUserId: learner.id, params: s.item }, status: 200 },
      { name: "token allowed", opts: { token, params: s.item }, status: 200 },
      { name: "cookie denied", opts: { sessionUserId: learner.id, params: locked }, status: 402 },
      { name: "token denied", opts: { token, params: locked }, status: 402 },
    ];
    // first calls record the first access and the token's last use (once, after the response)
    for (const c of cases) expect((await call(accessRoute.GET, c.opts)).status).toBe(c.status);
    await new Promise((r) => setTimeout(r, 50));

    for (const c of cases) {
      let res: Awaited<ReturnType<typeof call>> | undefined;
      const sql = await statements(async () => {
        res = await call(accessRoute.GET, c.opts);
      });
      expect(res!.status, c.name).toBe(c.status);
      expect(sql.length, `${c.name}:\n${sql.map((q) => q.slice(0, 90)).join("\n")}`).toBeLessThanOrEqual(2);
      expect(sql.filter((q) => WRITE.test(q)), c.name).toEqual([]);
      if (c.status === 200) {
        // the subscription that decided comes with the answer, read in the same round trips
        expect(res!.json).toMatchObject({ has_access: true, reason: "active", subscription: { item_id: "masterclass", status: "active", is_one_time: true, price: { name: "Lifetime", amount: "24.99" } } });
      } else {
        expect(res!.json).toMatchObject({ has_access: false, reason: "no_subscription", subscription: null });
      }
    }

    // fresh: the record of the first access was written, and a cancel is seen by the very next check
    expect(await db.itemAccess.count({ where: { platformId: s.platform.id, userId: learner.id } })).toBe(1);
    await db.subscription.updateMany({ where: { platformId: s.platform.id, userId: learner.id }, data: { status: "canceled" } });
    const after = await call(accessRoute.GET, { token, params: s.item });
    expect(after.status).toBe(402);
    expect(after.json).toMatchObject({ reason: "subscription_canceled", subscription: { status: "canceled" } });
  });
});
