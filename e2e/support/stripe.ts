import { expect, type APIRequestContext } from "@playwright/test";
import { BASE_URL, DEMO_PASSWORD, E2E_STRIPE_PORT } from "./env";

export const LOCAL_STRIPE = `http://127.0.0.1:${E2E_STRIPE_PORT}`;

/** Calls a Local Stripe test control (see local-stripe/README.md). */
export async function localStripe<T = Record<string, unknown>>(path: string, body: unknown = {}): Promise<T> {
  const res = await fetch(`${LOCAL_STRIPE}/_local/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.ok, `${path}: ${res.status}`).toBe(true);
  return (await res.json()) as T;
}

/** Signs an API request context in with the demo password (cookie session). */
export async function apiSignIn(request: APIRequestContext, email: string) {
  const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
  const res = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password: DEMO_PASSWORD, json: "true" },
  });
  expect(res.ok()).toBe(true);
}

const origin = { Origin: BASE_URL };

/** Makes sure `acme` has a Connect account that can take payments (idempotent). */
export async function ensureAcmeConnected(request: APIRequestContext) {
  await apiSignIn(request, "owner@acme.test");
  const status = await (await request.get("/api/service/platforms/acme/stripe/connect/status/")).json();
  if (status.is_ready_for_payments) return;
  let accountId = status.account_id as string | null;
  if (!accountId) {
    const res = await request.post("/api/service/platforms/acme/stripe/connect/onboard/", {
      headers: origin,
      data: { return_url: `${BASE_URL}/account?profileTab=monetization`, refresh_url: `${BASE_URL}/account?profileTab=monetization`, business_type: "company" },
    });
    expect(res.ok(), await res.text()).toBe(true);
    accountId = (await res.json()).account_id;
  }
  await localStripe(`accounts/${accountId}/onboard`);
  await localStripe("webhooks/flush");
  await expect
    .poll(async () => (await (await request.get("/api/service/platforms/acme/stripe/connect/status/?refresh=1")).json()).is_ready_for_payments)
    .toBe(true);
}

/** Enables a paywall on a catalog item of acme with the given tiers; returns the paywall. */
export async function sellOnAcme(
  request: APIRequestContext,
  item: { type: string; id: string },
  tiers: { name: string; amount: string; interval: "month" | "year" | "one_time"; features?: string[]; remark?: string }[],
  settings: Record<string, unknown> = {},
) {
  await ensureAcmeConnected(request);
  const base = `/api/billing/platforms/acme/items/${encodeURIComponent(item.type)}/${encodeURIComponent(item.id)}/paywall/`;
  const paywall = await request.put(base, { headers: origin, data: { is_enabled: true, ...settings } });
  expect(paywall.ok(), await paywall.text()).toBe(true);
  const existing = (await (await request.get(`${base}prices/`)).json()) as { name: string }[];
  for (const [i, tier] of tiers.entries()) {
    if (existing.some((p) => p.name === tier.name)) continue;
    const res = await request.post(`${base}prices/`, { headers: origin, data: { ...tier, sort_order: i } });
    expect(res.ok(), await res.text()).toBe(true);
  }
  const prices = (await (await request.get(`${base}prices/`)).json()) as { id: string; name: string }[];
  return { ...((await paywall.json()) as { unique_id: string; share_url: string }), prices };
}

/**
 * Buys `priceId` of an acme item as the user signed in on `buyer` without the browser: member
 * checkout, card paid through Local Stripe's control, webhooks flushed, then waits until the
 * access check grants access.
 */
export async function buyOverApi(buyer: APIRequestContext, item: { type: string; id: string }, priceId: string) {
  const base = `/api/billing/platforms/acme/items/${encodeURIComponent(item.type)}/${encodeURIComponent(item.id)}`;
  const res = await buyer.post(`${base}/checkout/`, { headers: origin, data: { price_id: priceId } });
  expect(res.ok(), await res.text()).toBe(true);
  const { session_id } = (await res.json()) as { session_id: string };
  const paid = await localStripe<{ status: string; message?: string }>(`checkout/sessions/${session_id}/pay`, { card: "4242424242424242" });
  expect(paid.status, paid.message).toBe("succeeded");
  await localStripe("webhooks/flush");
  await expect.poll(async () => (await buyer.get(`${base}/access-check/`)).status(), { message: "access after the purchase" }).toBe(200);
}
