import type Stripe from "stripe";
import type { Ctx } from "../context.js";
import type { Router } from "../router.js";
import type { Params } from "../params.js";
import { newId, randomToken } from "../ids.js";
import { load } from "../common.js";
import { emit, changed } from "../events.js";
import { paginate, createdFilter } from "../list.js";
import { attachPaymentMethod, resolvePaymentMethod } from "./payments.js";
import { addCustomerSource } from "./sources.js";
import { invalid } from "../errors.js";

export function createCustomer(ctx: Ctx, fields: { email?: string | null; name?: string | null; description?: string | null; metadata?: Stripe.Metadata }): Stripe.Customer {
  const customer: Stripe.Customer = {
    id: newId("cus", 14),
    object: "customer",
    address: null,
    balance: 0,
    created: ctx.app.now(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: fields.description ?? null,
    discount: null,
    email: fields.email ?? null,
    invoice_prefix: randomToken(8).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: fields.metadata ?? {},
    name: fields.name ?? null,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  };
  ctx.app.store.insert(customer, ctx.account);
  emit(ctx, "customer.created", customer);
  return customer;
}

function applyCustomerParams(ctx: Ctx, c: Stripe.Customer, p: Params): void {
  for (const k of ["email", "name", "description", "phone"] as const) {
    const v = p.nullableStr(k);
    if (v !== undefined) c[k] = v;
  }
  c.metadata = p.metadata(c.metadata);
  const pmId = p.str("payment_method");
  const settings = p.obj("invoice_settings");
  const defaultPm = settings?.nullableStr("default_payment_method");
  const attached = new Map<string, string>();
  if (pmId) {
    const pm = attachPaymentMethod(ctx, resolvePaymentMethod(ctx, pmId), c.id);
    attached.set(pmId, pm.id);
  }
  if (defaultPm !== undefined) {
    if (defaultPm === null) c.invoice_settings.default_payment_method = null;
    else {
      const id = attached.get(defaultPm) ?? attachPaymentMethod(ctx, resolvePaymentMethod(ctx, defaultPm), c.id).id;
      c.invoice_settings.default_payment_method = id;
    }
  }
  // a token (or test token) becomes the customer's default card source
  const source = p.str("source");
  if (source) {
    const card = addCustomerSource(ctx, c.id, source, "source", { updateCustomer: false });
    c.default_source = card.id;
  }
  const ds = p.nullableStr("default_source");
  if (ds !== undefined) {
    if (ds === null) c.default_source = null;
    else {
      const card = ctx.app.store.find<Stripe.Card>(ds, "card", ctx.account);
      if (!card || card.customer !== c.id) throw invalid(`No such source: '${ds}'`, "default_source", "resource_missing");
      c.default_source = ds;
    }
  }
}

export function register(r: Router): void {
  r.post("/v1/customers", (ctx, p) => {
    const c = createCustomer(ctx, {
      email: p.str("email") ?? null,
      name: p.str("name") ?? null,
      description: p.str("description") ?? null,
      metadata: p.metadata({}),
    });
    if (p.has("payment_method") || p.has("invoice_settings") || p.has("source")) {
      applyCustomerParams(ctx, c, p);
      ctx.app.store.put(c);
    }
    return c;
  });
  r.get("/v1/customers/:id", (ctx, _p, { id }) => load<Stripe.Customer>(ctx, id, "customer", "customer"));
  r.post("/v1/customers/:id", (ctx, p, { id }) => {
    const before = load<Stripe.Customer>(ctx, id, "customer", "customer");
    const after = JSON.parse(JSON.stringify(before)) as Stripe.Customer;
    applyCustomerParams(ctx, after, p);
    const prev = changed(before, after);
    ctx.app.store.put(after);
    if (Object.keys(prev).length) emit(ctx, "customer.updated", after, { previous: prev });
    return after;
  });
  r.del("/v1/customers/:id", (ctx, _p, { id }) => {
    const c = load<Stripe.Customer>(ctx, id, "customer", "customer");
    ctx.app.store.remove(id);
    emit(ctx, "customer.deleted", c);
    const deleted: Stripe.DeletedCustomer = { id, object: "customer", deleted: true };
    return deleted;
  });
  r.get("/v1/customers", (ctx, p) => {
    const email = p.str("email");
    const created = createdFilter(p);
    return paginate(
      ctx.app.store.list<Stripe.Customer>("customer", ctx.account, (c) => (!email || c.email === email) && created(c.created)),
      p,
      "/v1/customers",
    );
  });
}
