import "server-only";
import type Stripe from "stripe";

// One event's handler steps (mirror the subscription, write the ledger row, grant credits, record
// the sale event) each re-read the same invoice, subscription and payment intent from Stripe.
// Within one event they may share the reads: `fresh` always asks Stripe and remembers the answer
// (for steps that must see the newest state, like the subscription sync, which re-reads on
// contention); `shared` answers from what this event already read, else asks Stripe once. Nothing
// outlives the event, so the next event reads Stripe again.

type Retrieve = (id: string, ...rest: unknown[]) => Promise<unknown>;
type Entry = { value: unknown; expand: Set<string> };

const SHARED = ["invoices", "subscriptions", "paymentIntents"] as const;

export type EventReads = { fresh: Stripe; shared: Stripe };

export function eventReads(stripe: Stripe): EventReads {
  const seen = new Map<string, Entry>();
  const wrap = (mode: "fresh" | "shared"): Stripe => {
    const resources = new Map<string, unknown>();
    for (const name of SHARED) {
      const resource = stripe[name] as unknown as { retrieve?: Retrieve } | undefined;
      if (typeof resource?.retrieve !== "function") continue;
      const original = resource.retrieve;
      const retrieve: Retrieve = async (id, ...rest) => {
        const key = `${name}:${id}`;
        const expand = (rest[0] as { expand?: unknown } | undefined)?.expand;
        const expanded = Array.isArray(expand) ? expand.map(String) : [];
        const had = seen.get(key);
        if (mode === "shared" && had && expanded.every((e) => had.expand.has(e))) return had.value;
        const value = await original.call(resource, id, ...rest);
        // the newest answer wins, with what it expanded
        seen.set(key, { value, expand: new Set(expanded) });
        return value;
      };
      resources.set(name, new Proxy(resource, { get: (target, prop, receiver) => (prop === "retrieve" ? retrieve : Reflect.get(target, prop, receiver)) }));
    }
    return new Proxy(stripe, { get: (target, prop, receiver) => (typeof prop === "string" && resources.has(prop) ? resources.get(prop) : Reflect.get(target, prop, receiver)) });
  };
  return { fresh: wrap("fresh"), shared: wrap("shared") };
}
