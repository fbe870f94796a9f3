import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import * as decisionsRoute from "@/app/api/billing/platforms/[pk]/decisions/route";
import * as promotionsRoute from "@/app/api/billing/platforms/[pk]/promotion-codes/route";
import { call } from "./support/http";
import { createUser, tokenFor, createPlatform } from "./support/fixtures";
import { useLocalStripe, type LocalStripeHarness } from "./support/local-stripe";
import { sellingPlatform } from "./support/buy";

let ls: LocalStripeHarness;
beforeAll(async () => {
  ls = await useLocalStripe();
});
afterAll(async () => {
  await ls.close();
});

const decide = (pk: string, items: { item_type: string; item_id: string }[], opts: { userId?: string; token?: string } = {}) =>
  call(decisionsRoute.POST, {
    method: "POST",
    params: { pk },
    body: { items },
    ...(opts.userId && { sessionUserId: opts.userId }),
    ...(opts.token && { headers: { authorization: `Token ${opts.token}` } }),
  });

describe("decision offers", { timeout: 120_000 }, () => {
  it("a denial offers the platform's public codes for the item, never its private ones; anonymous callers get offers too", async () => {
    const s = await sellingPlatform(ls);
    const make = (body: Record<string, unknown>) => call(promotionsRoute.POST, { method: "POST", sessionUserId: s.admin.id, params: { pk: s.pk }, body });
    expect((await make({ code: "PUBLIC10", percent_off: 10, duration: "once", public: true })).status).toBe(201);
    expect((await make({ code: "SECRET50", percent_off: 50, duration: "forever" })).status).toBe(201);
    expect((await make({ code: "ELSEWHERE", percent_off: 5, duration: "once", public: true, applies_to: [{ item_type: "course", item_id: "masterclass" }] })).status).toBe(201);
    const expired = await make({ code: "OLD", amount_off: "2.00", currency: "usd", duration: "once", public: true });
    await db.promotionCode.update({ where: { id: expired.json.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

    const learner = await createUser({ platformId: s.platform.id });
    const res = await decide(s.pk, [{ item_type: "course", item_id: "masterclass" }], { userId: learner.id });
    expect(res.status).toBe(200);
    const codes = res.json.results[0].offers.promotions.map((p: { code: string }) => p.code).sort();
    expect(codes).toEqual(["ELSEWHERE", "PUBLIC10"]);
    expect(res.json.results[0].offers.promotions.find((p: { code: string }) => p.code === "PUBLIC10")).toMatchObject({ percent_off: 10, amount_off: null, duration: "once" });

    const anonymous = await decide(s.pk, [{ item_type: "course", item_id: "masterclass" }]);
    expect(anonymous.json.results[0]).toMatchObject({ has_access: false, reason: "no_subscription" });
    expect(anonymous.json.results[0].offers.pricing_available).toBe(true);

    // an admin is allowed, so nothing is offered
    const admin = await decide(s.pk, [{ item_type: "course", item_id: "masterclass" }], { userId: s.admin.id });
    expect(admin.json.results[0]).toMatchObject({ has_access: true, reason: "admin", offers: null });
  });

  it("another platform's token is decided for as anonymous, never as its user", async () => {
    const s = await sellingPlatform(ls);
    const other = await createPlatform();
    // an admin of this platform too, yet the token was minted for the other one
    const user = await createUser({ platformId: other.id, role: "admin" });
    await db.membership.create({ data: { userId: user.id, platformId: s.platform.id, role: "admin" } });
    const token = await tokenFor(user.id, other.key);
    const res = await decide(s.pk, [{ item_type: "course", item_id: "masterclass" }], { token });
    expect(res.status).toBe(200);
    expect(res.json.results[0]).toMatchObject({ has_access: false, reason: "no_subscription" });
    const own = await decide(s.pk, [{ item_type: "course", item_id: "masterclass" }], { token: await tokenFor(user.id, s.pk) });
    expect(own.json.results[0]).toMatchObject({ has_access: true, reason: "admin" });
  });
});
