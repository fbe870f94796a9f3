import type Stripe from "stripe";
import type { Ctx } from "../context.js";
import type { Router } from "../router.js";
import type { Params } from "../params.js";
import { invalid, missing } from "../errors.js";
import { newId } from "../ids.js";
import { dec, load } from "../common.js";
import { emit, changed } from "../events.js";
import { paginate, createdFilter } from "../list.js";

export function createProduct(ctx: Ctx, p: Params): Stripe.Product {
  const now = ctx.app.now();
  const product: Stripe.Product = {
    id: p.str("id") || newId("prod", 14),
    object: "product",
    active: p.bool("active") ?? true,
    created: now,
    default_price: null,
    description: p.nullableStr("description") ?? null,
    images: p.strArr("images"),
    livemode: false,
    marketing_features: [],
    metadata: p.metadata({}),
    name: p.reqStr("name"),
    package_dimensions: null,
    shippable: null,
    statement_descriptor: p.nullableStr("statement_descriptor") ?? null,
    tax_code: null,
    tax_details: null,
    type: "service",
    unit_label: null,
    updated: now,
    url: p.nullableStr("url") ?? null,
  };
  if (ctx.app.store.entry(product.id)) throw invalid(`Product already exists.`, "id", "resource_already_exists");
  ctx.app.store.insert(product, ctx.account);
  emit(ctx, "product.created", product);
  return product;
}

export function createPrice(ctx: Ctx, p: Params, productId?: string): Stripe.Price {
  const product = productId ?? p.reqStr("product");
  if (!ctx.app.store.find<Stripe.Product>(product, "product", ctx.account)) throw missing(product, "product", "product");
  const currency = p.reqStr("currency").toLowerCase();
  const custom = customUnitAmount(p);
  const unitAmount = p.int("unit_amount") ?? (p.has("unit_amount_decimal") ? Math.round(p.num("unit_amount_decimal") ?? 0) : undefined);
  if (custom && unitAmount !== undefined) throw invalid("You may only specify one of these parameters: custom_unit_amount, unit_amount.", "custom_unit_amount");
  if (unitAmount === undefined && !custom) throw invalid("Missing required param: unit_amount.", "unit_amount", "parameter_missing");
  if (unitAmount !== undefined && unitAmount < 0) throw invalid("Invalid non-negative integer", "unit_amount");
  const rec = p.obj("recurring");
  if (custom && rec) throw invalid("`custom_unit_amount` is only supported for one-time prices.", "custom_unit_amount");
  let recurring: Stripe.Price.Recurring | null = null;
  if (rec) {
    const interval = rec.oneOf("interval", ["day", "week", "month", "year"] as const);
    if (!interval) throw invalid("Missing required param: recurring[interval].", "recurring[interval]", "parameter_missing");
    recurring = {
      interval,
      interval_count: rec.int("interval_count") ?? 1,
      meter: null,
      trial_period_days: rec.int("trial_period_days") ?? null,
      usage_type: "licensed",
    };
  }
  const lookupKey = p.nullableStr("lookup_key") ?? null;
  if (lookupKey) {
    const clash = ctx.app.store.list<Stripe.Price>("price", ctx.account, (x) => x.lookup_key === lookupKey);
    if (clash.length && !p.bool("transfer_lookup_key")) {
      throw invalid(`A price (\`${clash[0].id}\`) already uses that lookup key.`, "lookup_key", "lookup_key_already_exists");
    }
    for (const c of clash) ctx.app.store.put({ ...c, lookup_key: null });
  }
  const price: Stripe.Price = {
    id: newId("price"),
    object: "price",
    active: p.bool("active") ?? true,
    billing_scheme: "per_unit",
    created: ctx.app.now(),
    currency,
    custom_unit_amount: custom,
    livemode: false,
    lookup_key: lookupKey,
    metadata: p.metadata({}),
    nickname: p.nullableStr("nickname") ?? null,
    product,
    recurring,
    tax_behavior: "unspecified",
    tiers_mode: null,
    transform_quantity: null,
    type: recurring ? "recurring" : "one_time",
    unit_amount: unitAmount ?? null,
    unit_amount_decimal: unitAmount === undefined ? null : dec(unitAmount),
  };
  ctx.app.store.insert(price, ctx.account);
  emit(ctx, "price.created", price);
  return price;
}

/** A pay-what-you-want price: the buyer picks the amount in Checkout, within the bounds. */
function customUnitAmount(p: Params): Stripe.Price.CustomUnitAmount | null {
  const c = p.obj("custom_unit_amount");
  if (!c) return null;
  const enabled = c.bool("enabled");
  if (enabled === undefined) throw invalid("Missing required param: custom_unit_amount[enabled].", "custom_unit_amount[enabled]", "parameter_missing");
  if (!enabled) throw invalid("custom_unit_amount[enabled] must be true when custom_unit_amount is given.", "custom_unit_amount[enabled]");
  const minimum = c.int("minimum") ?? null;
  const maximum = c.int("maximum") ?? null;
  const preset = c.int("preset") ?? null;
  for (const [k, v] of [["minimum", minimum], ["maximum", maximum], ["preset", preset]] as const) {
    if (v !== null && v < 0) throw invalid("Invalid non-negative integer", `custom_unit_amount[${k}]`);
  }
  if (minimum !== null && maximum !== null && minimum > maximum) throw invalid("custom_unit_amount[minimum] must be less than or equal to custom_unit_amount[maximum].", "custom_unit_amount[minimum]");
  if (preset !== null && ((minimum !== null && preset < minimum) || (maximum !== null && preset > maximum))) {
    throw invalid("custom_unit_amount[preset] must be between custom_unit_amount[minimum] and custom_unit_amount[maximum].", "custom_unit_amount[preset]");
  }
  return { maximum, minimum, preset };
}

/** `price_data` of Checkout and subscriptions: creates an inactive-for-reuse price. */
export function priceFromData(ctx: Ctx, pd: Params): Stripe.Price {
  let productId = pd.str("product");
  const productData = pd.obj("product_data");
  if (!productId) {
    if (!productData) throw invalid("Missing required param: product or product_data.", `price_data[product]`, "parameter_missing");
    productId = createProduct(ctx, productData).id;
  }
  return createPrice(ctx, pd, productId);
}

export function register(r: Router): void {
  r.post("/v1/products", (ctx, p) => createProduct(ctx, p));
  r.get("/v1/products/:id", (ctx, _p, { id }) => load<Stripe.Product>(ctx, id, "product", "product"));
  r.post("/v1/products/:id", (ctx, p, { id }) => {
    const before = load<Stripe.Product>(ctx, id, "product", "product");
    const after: Stripe.Product = { ...before, metadata: p.metadata(before.metadata) };
    if (p.has("name")) after.name = p.reqStr("name");
    const desc = p.nullableStr("description");
    if (desc !== undefined) after.description = desc;
    const active = p.bool("active");
    if (active !== undefined) after.active = active;
    const dp = p.str("default_price");
    if (dp !== undefined) after.default_price = dp || null;
    const prev = changed(before, after);
    if (Object.keys(prev).length) {
      after.updated = ctx.app.now();
      ctx.app.store.put(after);
      emit(ctx, "product.updated", after, { previous: prev });
    }
    return after;
  });
  r.del("/v1/products/:id", (ctx, _p, { id }) => {
    const product = load<Stripe.Product>(ctx, id, "product", "product");
    ctx.app.store.remove(id);
    emit(ctx, "product.deleted", product);
    const deleted: Stripe.DeletedProduct = { id, object: "product", deleted: true };
    return deleted;
  });
  r.get("/v1/products", (ctx, p) => {
    const active = p.bool("active");
    const ids = p.strArr("ids");
    const created = createdFilter(p);
    const list = ctx.app.store.list<Stripe.Product>(
      "product",
      ctx.account,
      (x) => (active === undefined || x.active === active) && (!ids.length || ids.includes(x.id)) && created(x.created),
    );
    return paginate(list, p, "/v1/products");
  });

  r.post("/v1/prices", (ctx, p) => {
    const pd = p.obj("product_data");
    if (!p.has("product") && pd) return createPrice(ctx, p, createProduct(ctx, pd).id);
    return createPrice(ctx, p);
  });
  r.get("/v1/prices/:id", (ctx, _p, { id }) => load<Stripe.Price>(ctx, id, "price", "price"));
  r.post("/v1/prices/:id", (ctx, p, { id }) => {
    const before = load<Stripe.Price>(ctx, id, "price", "price");
    const after: Stripe.Price = { ...before, metadata: p.metadata(before.metadata) };
    const active = p.bool("active");
    if (active !== undefined) after.active = active;
    const nick = p.nullableStr("nickname");
    if (nick !== undefined) after.nickname = nick;
    const lk = p.nullableStr("lookup_key");
    if (lk !== undefined) after.lookup_key = lk;
    const prev = changed(before, after);
    if (Object.keys(prev).length) {
      ctx.app.store.put(after);
      emit(ctx, "price.updated", after, { previous: prev });
    }
    return after;
  });
  r.get("/v1/prices", (ctx, p) => {
    const active = p.bool("active");
    const product = p.str("product");
    const type = p.str("type");
    const currency = p.str("currency");
    const lookupKeys = p.strArr("lookup_keys");
    const created = createdFilter(p);
    const list = ctx.app.store.list<Stripe.Price>(
      "price",
      ctx.account,
      (x) =>
        (active === undefined || x.active === active) &&
        (!product || x.product === product) &&
        (!type || x.type === type) &&
        (!currency || x.currency === currency) &&
        (!lookupKeys.length || (x.lookup_key !== null && lookupKeys.includes(x.lookup_key))) &&
        created(x.created),
    );
    return paginate(list, p, "/v1/prices");
  });
}
