import Stripe from "stripe";
import type { Ctx } from "./context.js";
import { newId } from "./ids.js";

export const API_VERSION: string = Stripe.API_VERSION;

export interface EmitOptions {
  /** Owner of the object; events of connected accounts carry top-level `account`. */
  account?: string;
  previous?: Record<string, unknown>;
}

function snapshot<T>(obj: T): T {
  return JSON.parse(JSON.stringify(obj)) as T;
}

/** Records an event (a snapshot of the object now) and queues its webhook delivery. */
export function emit(ctx: Ctx, type: Stripe.Event.Type, object: object, opts: EmitOptions = {}): Stripe.EventBase {
  const app = ctx.app;
  const owner = opts.account ?? ctx.account;
  const connected = owner !== app.config.platformAccount;
  const data: Stripe.Event.Data = { object: snapshot(object) as Stripe.Event.Data.Object };
  if (opts.previous) data.previous_attributes = snapshot(opts.previous) as Stripe.Event.Data.PreviousAttributes;
  const event: Stripe.EventBase = {
    id: newId("evt"),
    object: "event",
    ...(connected ? { account: owner } : {}),
    api_version: API_VERSION,
    created: app.now(),
    data,
    livemode: false,
    pending_webhooks: 1,
    request: ctx.request ? { ...ctx.request } : { id: null, idempotency_key: null },
    type,
  };
  app.store.insert(event, owner);
  app.webhooks.enqueue(event);
  return event;
}

/** The keys of `before` whose values differ in `after`, with their old values. */
export function changed(before: object, after: object): Record<string, unknown> {
  const prev: Record<string, unknown> = {};
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  for (const k of Object.keys(a)) {
    if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) prev[k] = a[k];
  }
  return prev;
}
