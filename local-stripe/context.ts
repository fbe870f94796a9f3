import type Stripe from "stripe";
import type { App } from "./app.js";

/** Everything a handler needs about the current request. */
export interface Ctx {
  app: App;
  /** The account objects are read from and written to (Stripe-Account or the platform). */
  account: string;
  /** True when acting as the platform itself (no Stripe-Account header). */
  platform: boolean;
  request: Stripe.Event.Request | null;
}

export function now(ctx: Ctx): number {
  return ctx.app.now();
}
