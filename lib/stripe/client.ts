import Stripe from "stripe";
import { env } from "@/lib/config/env";

// One place builds the Stripe client: a real key talks to Stripe; without one the same SDK talks
// to Local Stripe (LOCAL_STRIPE_URL, or the default port the launcher starts it on).

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

const globalKey = Symbol.for("tollgate.stripe");
const g = globalThis as typeof globalThis & { [globalKey]?: Stripe };

export function stripe(): Stripe {
  if (g[globalKey]) return g[globalKey];
  const e = env();
  const common = {
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: "Tollgate" },
  } satisfies Stripe.StripeConfig;
  if (e.STRIPE_SECRET_KEY) {
    g[globalKey] = new Stripe(e.STRIPE_SECRET_KEY, common);
  } else {
    const url = new URL(localStripeUrl());
    g[globalKey] = new Stripe("sk_test_local", {
      ...common,
      host: url.hostname,
      port: Number(url.port || 80),
      protocol: url.protocol === "https:" ? "https" : "http",
      timeout: 10_000,
    });
  }
  return g[globalKey];
}

/** Test hook: point the process at another Stripe (e.g. a Local Stripe on a random port). */
export function setStripeClient(client: Stripe | undefined) {
  g[globalKey] = client;
}
