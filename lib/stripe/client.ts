import "server-only";
import Stripe from "stripe";
import { env } from "@/lib/config/env";

// One place builds the Stripe clients: a real key talks to Stripe; without one the same SDK
// talks to Local Stripe (LOCAL_STRIPE_URL, or the default port the launcher starts it on).
// `stripe` is loaded from node_modules at run time (serverExternalPackages), so start-up code and
// route handlers share one copy of the SDK.

export type StripeMode = "live" | "test" | "local";

export function stripeMode(): StripeMode {
  const key = env().STRIPE_SECRET_KEY;
  if (!key) return "local";
  return key.includes("_live_") ? "live" : "test";
}

export function localStripeUrl(): string {
  const e = env();
  return (e.LOCAL_STRIPE_URL ?? `http://127.0.0.1:${e.LOCAL_STRIPE_PORT}`).replace(/\/$/, "");
}

/**
 * Interactive calls run while a person waits on a request: a short timeout and one retry, so an
 * outage surfaces as a 502/503 in seconds. Background calls (webhook handlers, jobs) may wait
 * longer, and Stripe retries the webhook anyway.
 */
export const INTERACTIVE_TIMEOUT_MS = 5_000;
const profiles = {
  interactive: { timeout: INTERACTIVE_TIMEOUT_MS, maxNetworkRetries: 1 },
  background: { timeout: 20_000, maxNetworkRetries: 2 },
} as const;
type Profile = keyof typeof profiles;

function build(profile: Profile): Stripe {
  const e = env();
  const common = { ...profiles[profile], appInfo: { name: "Tollgate" } } satisfies Stripe.StripeConfig;
  if (e.STRIPE_SECRET_KEY) return new Stripe(e.STRIPE_SECRET_KEY, common);
  const url = new URL(localStripeUrl());
  return new Stripe("sk_test_local", {
    ...common,
    host: url.hostname,
    port: Number(url.port || 80),
    protocol: url.protocol === "https:" ? "https" : "http",
  });
}

const clients: Partial<Record<Profile, Stripe>> = {};
// a test may point the whole process at another Stripe (e.g. a Local Stripe on a random port)
const overrideKey = Symbol.for("tollgate.stripe.override");
const g = globalThis as typeof globalThis & { [overrideKey]?: Stripe };

/** The client for calls made while a request waits. */
export function stripe(): Stripe {
  return g[overrideKey] ?? (clients.interactive ??= build("interactive"));
}

/** The client for webhook handlers and background work. */
export function stripeBackground(): Stripe {
  return g[overrideKey] ?? (clients.background ??= build("background"));
}

/** Test hook: point the process at another Stripe (e.g. a Local Stripe on a random port). */
export function setStripeClient(client: Stripe | undefined) {
  g[overrideKey] = client;
}
