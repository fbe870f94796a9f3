import type Stripe from "stripe";
import type { Router } from "../router.js";
import { newId } from "../ids.js";
import { load } from "../common.js";
import { emit } from "../events.js";

export function register(r: Router): void {
  r.post("/v1/billing_portal/sessions", (ctx, p) => {
    const customer = load<Stripe.Customer>(ctx, p.reqStr("customer"), "customer", "customer", "customer");
    const id = newId("bps");
    const session: Stripe.BillingPortal.Session = {
      id,
      object: "billing_portal.session",
      configuration: "bpc_local_default",
      created: ctx.app.now(),
      customer: customer.id,
      customer_account: null,
      flow: null,
      livemode: false,
      locale: null,
      on_behalf_of: null,
      return_url: p.str("return_url") ?? null,
      url: `${ctx.app.config.publicUrl}/billing/portal/${id}`,
    };
    ctx.app.store.insert(session, ctx.account);
    emit(ctx, "billing_portal.session.created", session);
    return session;
  });
}
