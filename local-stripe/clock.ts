import type Stripe from "stripe";
import type { App } from "./app.js";
import { advanceSubscription, nextDue } from "./resources/billing.js";
import { afterAsyncPayment, expireIfDue } from "./resources/checkout.js";
import { settleDueDebits } from "./resources/payments.js";
import { announceAvailableFunds, payDuePayouts } from "./resources/money.js";

/** Runs everything due up to the current virtual time, in time order. */
export function processDue(app: App): number {
  let steps = 0;
  // bounded so a bad state can never spin forever
  for (let guard = 0; guard < 10_000; guard++) {
    const now = app.now();
    let best: { sub: Stripe.Subscription; at: number; account: string } | null = null;
    for (const e of Object.values(app.store.state.objects)) {
      if (e.type !== "subscription") continue;
      const sub = e.obj as unknown as Stripe.Subscription;
      const ctx = app.ctx(e.account);
      const at = nextDue(ctx, sub);
      if (at !== null && at <= now && (!best || at < best.at)) best = { sub, at, account: e.account };
    }
    if (!best) break;
    const { sub, at, account } = best;
    app.at(at, () => advanceSubscription(app.ctx(account), sub, at));
    steps++;
  }
  for (const settled of settleDueDebits(app)) {
    app.at(settled.at, () => afterAsyncPayment(settled.ctx, settled.pi, settled.succeeded));
    steps++;
  }
  steps += payDuePayouts(app);
  announceAvailableFunds(app);
  for (const e of Object.values(app.store.state.objects)) {
    if (e.type !== "checkout.session") continue;
    const s = e.obj as unknown as Stripe.Checkout.Session;
    if (s.status === "open" && s.expires_at <= app.now()) expireIfDue(app.ctx(e.account), s);
  }
  return steps;
}

export function advanceClock(app: App, seconds: number): { now: number; offset: number } {
  app.store.state.clockOffset += seconds;
  app.store.save();
  processDue(app);
  return { now: app.now(), offset: app.store.state.clockOffset };
}

/** Real time also moves subscriptions along; checked every few seconds. */
export function startScheduler(app: App): () => void {
  const run = () => {
    try {
      processDue(app);
    } catch (err) {
      console.error("[local-stripe] scheduler", err);
    }
  };
  const timer = setInterval(run, 5000);
  timer.unref();
  let soon: NodeJS.Timeout | null = null;
  app.kick = () => {
    if (soon) return;
    soon = setTimeout(() => {
      soon = null;
      run();
    }, 20);
    soon.unref();
  };
  return () => {
    clearInterval(timer);
    if (soon) clearTimeout(soon);
    app.kick = () => undefined;
  };
}
