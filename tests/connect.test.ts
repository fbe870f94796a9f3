import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import * as statusRoute from "@/app/api/service/platforms/[pk]/stripe/connect/status/route";
import * as onboardRoute from "@/app/api/service/platforms/[pk]/stripe/connect/onboard/route";
import * as refreshRoute from "@/app/api/service/platforms/[pk]/stripe/connect/onboard/refresh/route";
import * as dashboardRoute from "@/app/api/service/platforms/[pk]/stripe/connect/dashboard/route";
import * as disconnectRoute from "@/app/api/service/platforms/[pk]/stripe/connect/route";
import { call } from "./support/http";
import { createPlatform, createUser } from "./support/fixtures";
import { useLocalStripe, type LocalStripeHarness } from "./support/local-stripe";

let ls: LocalStripeHarness;
beforeAll(async () => {
  ls = await useLocalStripe();
});
afterAll(async () => {
  await ls.close();
});

const back = "http://localhost:3000/account?profileTab=monetization";
const onboardBody = { return_url: back, refresh_url: back, business_type: "company" };

async function platformWithPeople() {
  const platform = await createPlatform();
  const owner = await createUser({ platformId: platform.id, role: "owner" });
  const admin = await createUser({ platformId: platform.id, role: "admin" });
  return { platform, owner, admin, pk: platform.key };
}

async function onboard(pk: string, userId: string, body: unknown = onboardBody) {
  return call(onboardRoute.POST, { method: "POST", sessionUserId: userId, params: { pk }, body });
}

describe("Stripe Connect onboarding", () => {
  it("reports no account, with commission per item type", async () => {
    const { pk, owner } = await platformWithPeople();
    const res = await call(statusRoute.GET, { sessionUserId: owner.id, params: { pk } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      has_account: false,
      account_id: null,
      onboarding_complete: false,
      is_ready_for_payments: false,
      is_owner: true,
      commission_percent: { mentor: 25, course: 25, program: 25, pathway: 25 },
    });
  });

  it("creates the Express account once, then webhooks make it ready", async () => {
    const { pk, owner, platform } = await platformWithPeople();
    const res = await onboard(pk, owner.id);
    expect(res.status).toBe(200);
    expect(res.json.account_id).toMatch(/^acct_/);
    expect(res.json.onboarding_url).toContain(ls.url);

    const account = await ls.stripe.accounts.retrieve(res.json.account_id);
    expect(account.type).toBe("express");
    expect(account.metadata?.platform_key).toBe(pk);

    const again = await onboard(pk, owner.id);
    expect(again.status).toBe(400);
    expect(again.json.detail).toMatch(/already has a connected Stripe account/);

    const pending = await call(statusRoute.GET, { sessionUserId: owner.id, params: { pk } });
    expect(pending.json).toMatchObject({ has_account: true, onboarding_complete: false, is_ready_for_payments: false });

    await ls.control(`accounts/${res.json.account_id}/onboard`);
    await ls.flush();
    // account.updated on the Connect endpoint updated the cache; no Stripe read needed
    const stored = await db.platform.findUniqueOrThrow({ where: { id: platform.id } });
    expect(stored).toMatchObject({ stripeChargesEnabled: true, stripeDetailsSubmitted: true, stripePayoutsEnabled: true });
    const ready = await call(statusRoute.GET, { sessionUserId: owner.id, params: { pk } });
    expect(ready.json).toMatchObject({ has_account: true, onboarding_complete: true, charges_enabled: true, payouts_enabled: true, is_ready_for_payments: true });
  });

  it("shows Incomplete when account.updated says requirements are due", async () => {
    const { pk, owner, platform } = await platformWithPeople();
    const { json } = await onboard(pk, owner.id);
    await ls.control(`accounts/${json.account_id}/onboard`, { requirements_due: true });
    await ls.flush();
    const stored = await db.platform.findUniqueOrThrow({ where: { id: platform.id } });
    expect(stored.stripeRequirementsDue.length).toBeGreaterThan(0);
    const status = await call(statusRoute.GET, { sessionUserId: owner.id, params: { pk } });
    expect(status.json.has_account).toBe(true);
    expect(status.json.is_ready_for_payments).toBe(false);
    expect(status.json.requirements_due.length).toBeGreaterThan(0);

    const refreshed = await call(refreshRoute.POST, { method: "POST", sessionUserId: owner.id, params: { pk }, body: onboardBody });
    expect(refreshed.status).toBe(200);
    expect(refreshed.json.onboarding_url).toContain(ls.url);
    expect(refreshed.json.account_id).toBe(json.account_id);
  });

  it("refuses to refresh a finished onboarding or a platform without an account", async () => {
    const { pk, owner } = await platformWithPeople();
    const none = await call(refreshRoute.POST, { method: "POST", sessionUserId: owner.id, params: { pk }, body: onboardBody });
    expect(none.status).toBe(400);
    const { json } = await onboard(pk, owner.id);
    await ls.control(`accounts/${json.account_id}/onboard`);
    await ls.flush();
    const done = await call(refreshRoute.POST, { method: "POST", sessionUserId: owner.id, params: { pk }, body: onboardBody });
    expect(done.status).toBe(400);
    expect(done.json.detail).toMatch(/already complete/);
  });

  it("gives the owner a dashboard link, 404 without an account", async () => {
    const { pk, owner } = await platformWithPeople();
    expect((await call(dashboardRoute.GET, { sessionUserId: owner.id, params: { pk } })).status).toBe(404);
    const { json } = await onboard(pk, owner.id);
    await ls.control(`accounts/${json.account_id}/onboard`);
    const res = await call(dashboardRoute.GET, { sessionUserId: owner.id, params: { pk } });
    expect(res.status).toBe(200);
    expect(res.json.dashboard_url).toContain(ls.url);
  });

  it("is owner-only for actions, admin-readable for status, and 404 across platforms", async () => {
    const { pk, admin } = await platformWithPeople();
    const other = await platformWithPeople();
    const status = await call(statusRoute.GET, { sessionUserId: admin.id, params: { pk } });
    expect(status.status).toBe(200);
    expect(status.json.is_owner).toBe(false);
    expect((await onboard(pk, admin.id)).status).toBe(403);
    expect((await call(dashboardRoute.GET, { sessionUserId: admin.id, params: { pk } })).status).toBe(403);
    expect((await call(disconnectRoute.DELETE, { method: "DELETE", sessionUserId: admin.id, params: { pk } })).status).toBe(403);
    expect((await call(refreshRoute.POST, { method: "POST", sessionUserId: admin.id, params: { pk }, body: onboardBody })).status).toBe(403);

    for (const res of [
      await call(statusRoute.GET, { sessionUserId: other.owner.id, params: { pk } }),
      await onboard(pk, other.owner.id),
      await call(dashboardRoute.GET, { sessionUserId: other.owner.id, params: { pk } }),
      await call(disconnectRoute.DELETE, { method: "DELETE", sessionUserId: other.owner.id, params: { pk } }),
    ]) {
      expect(res.status).toBe(404);
    }
    const learner = await createUser({ platformId: (await db.platform.findUniqueOrThrow({ where: { key: pk } })).id, role: "member" });
    expect((await call(statusRoute.GET, { sessionUserId: learner.id, params: { pk } })).status).toBe(403);
  });

  it("validates the onboarding body and refuses redirects to other origins", async () => {
    const { pk, owner, platform } = await platformWithPeople();
    const missing = await onboard(pk, owner.id, { business_type: "llc" });
    expect(missing.status).toBe(400);
    expect(Object.keys(missing.json.errors).sort()).toEqual(["business_type", "refresh_url", "return_url"]);
    const foreign = await onboard(pk, owner.id, { ...onboardBody, return_url: "https://evil.example/steal" });
    expect(foreign.status).toBe(400);
    expect(foreign.json.errors.return_url).toBeDefined();
    expect((await db.platform.findUniqueOrThrow({ where: { id: platform.id } })).stripeAccountId).toBeNull();
  });

  it("answers 502 on a Stripe fault and leaves nothing half-created; the retry reuses the account", async () => {
    const { pk, owner, platform } = await platformWithPeople();
    await ls.fault("/v1/accounts", 1);
    const failed = await onboard(pk, owner.id);
    expect(failed.status).toBe(502);
    expect(typeof failed.json.detail).toBe("string");
    expect((await db.platform.findUniqueOrThrow({ where: { id: platform.id } })).stripeAccountId).toBeNull();

    await ls.fault("/v1/account_links", 1);
    const linkFailed = await onboard(pk, owner.id);
    expect(linkFailed.status).toBe(502);
    expect((await db.platform.findUniqueOrThrow({ where: { id: platform.id } })).stripeAccountId).toBeNull();
    const accountsBefore = (await ls.stripe.accounts.list({ limit: 100 })).data.filter((a) => a.metadata?.platform_id === platform.id);

    const ok = await onboard(pk, owner.id);
    expect(ok.status).toBe(200);
    const accountsAfter = (await ls.stripe.accounts.list({ limit: 100 })).data.filter((a) => a.metadata?.platform_id === platform.id);
    expect(accountsAfter).toHaveLength(1);
    expect(accountsBefore.map((a) => a.id)).toEqual([ok.json.account_id]);
    await ls.clearFaults();
  });

  it("disconnects (audited), keeps the platform's data, and can connect again", async () => {
    const { pk, owner, platform } = await platformWithPeople();
    const first = await onboard(pk, owner.id);
    await ls.control(`accounts/${first.json.account_id}/onboard`);
    await ls.flush();
    const paywall = await db.paywall.create({ data: { platformId: platform.id, itemType: "course", itemId: "c1", isEnabled: true } });

    const res = await call(disconnectRoute.DELETE, { method: "DELETE", sessionUserId: owner.id, params: { pk } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ detail: "Stripe Connect account disconnected" });
    const status = await call(statusRoute.GET, { sessionUserId: owner.id, params: { pk } });
    expect(status.json).toMatchObject({ has_account: false, is_ready_for_payments: false });
    expect(await db.paywall.findUnique({ where: { id: paywall.id } })).not.toBeNull();
    expect(await db.auditLog.findFirst({ where: { platformId: platform.id, action: "connect.disconnected", target: first.json.account_id } })).not.toBeNull();
    expect((await call(disconnectRoute.DELETE, { method: "DELETE", sessionUserId: owner.id, params: { pk } })).status).toBe(404);

    const second = await onboard(pk, owner.id);
    expect(second.status).toBe(200);
    expect(second.json.account_id).not.toBe(first.json.account_id);
    await ls.control(`accounts/${second.json.account_id}/onboard`);
    await ls.flush();
    const again = await call(statusRoute.GET, { sessionUserId: owner.id, params: { pk } });
    expect(again.json.is_ready_for_payments).toBe(true);
  });
});
