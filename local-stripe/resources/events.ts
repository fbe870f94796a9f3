import type Stripe from "stripe";
import type { Router } from "../router.js";
import { load } from "../common.js";
import { paginate, createdFilter } from "../list.js";

export function register(r: Router): void {
  r.get("/v1/events/:id", (ctx, _p, { id }) => load<Stripe.Event>(ctx, id, "event", "event"));
  r.get("/v1/events", (ctx, p) => {
    const type = p.str("type");
    const types = p.strArr("types");
    const created = createdFilter(p);
    const matches = (t: string) => {
      if (type) return type.endsWith(".*") ? t.startsWith(type.slice(0, -1)) : t === type;
      if (types.length) return types.includes(t);
      return true;
    };
    const list = ctx.app.store.list<Stripe.Event>("event", ctx.account, (e) => matches(e.type) && created(e.created));
    return paginate(list, p, "/v1/events");
  });
}
