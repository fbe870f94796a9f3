import type Stripe from "stripe";
import type { Ctx } from "../context.js";
import type { Router } from "../router.js";
import type { Params } from "../params.js";
import { StripeApiError, invalid, missing } from "../errors.js";
import { newId } from "../ids.js";
import { load } from "../common.js";
import { emit, changed } from "../events.js";
import { paginate } from "../list.js";
import { attachDecline, checksOf, legacyBrand, lookupCard, type TestCard } from "../cards.js";
import { cardError, cardForToken, chargeCard, fingerprint, paymentMethodFromSource, resolvePaymentMethod, shippingFrom } from "./payments.js";
import { assertDestination } from "./accounts.js";
import { cardAftermath } from "./refunds.js";

/** Legacy Card objects (`card_…`): what tokens carry and what customer sources are. */
function buildCard(ctx: Ctx, card: TestCard, opts: { customer?: string | null; name?: string | null; expMonth?: number; expYear?: number } = {}): Stripe.Card {
  const checks = checksOf(card);
  return {
    id: newId("card"),
    object: "card",
    address_city: null,
    address_country: null,
    address_line1: null,
    address_line1_check: checks.address_line1_check,
    address_line2: null,
    address_state: null,
    address_zip: null,
    address_zip_check: checks.address_postal_code_check,
    brand: legacyBrand(card.brand),
    country: card.country,
    customer: opts.customer ?? null,
    cvc_check: checks.cvc_check,
    dynamic_last4: null,
    exp_month: opts.expMonth ?? 12,
    exp_year: opts.expYear ?? new Date(ctx.app.now() * 1000).getUTCFullYear() + 3,
    fingerprint: fingerprint(card.number),
    funding: card.funding,
    last4: card.number.slice(-4),
    metadata: {},
    name: opts.name ?? null,
    networks: { preferred: null },
    regulated_status: "unregulated",
    tokenization_method: null,
  };
}

function incorrectNumber(param: string): StripeApiError {
  return new StripeApiError(402, "card_error", "Your card number is incorrect.", "incorrect_number", param);
}

function createToken(ctx: Ctx, p: Params): Stripe.Token {
  const c = p.obj("card");
  if (!c) throw invalid("Local Stripe creates card tokens only: missing required param card.", "card", "parameter_missing");
  const card = lookupCard(c.reqStr("number"));
  if (!card) throw incorrectNumber("card[number]");
  const month = c.int("exp_month");
  if (month !== undefined && (month < 1 || month > 12)) {
    throw new StripeApiError(402, "card_error", "Your card's expiration month is invalid.", "invalid_expiry_month", "card[exp_month]");
  }
  const year = c.int("exp_year");
  const obj = buildCard(ctx, card, { name: c.str("name") ?? null, expMonth: month, expYear: year !== undefined && year < 100 ? 2000 + year : year });
  for (const [k, f] of [
    ["address_line1", "address_line1"],
    ["address_line2", "address_line2"],
    ["address_city", "address_city"],
    ["address_state", "address_state"],
    ["address_zip", "address_zip"],
    ["address_country", "address_country"],
  ] as const) {
    const v = c.str(k);
    if (v !== undefined) obj[f] = v;
  }
  const token: Stripe.Token = {
    id: newId("tok"),
    object: "token",
    card: obj,
    client_ip: null,
    created: ctx.app.now(),
    livemode: false,
    type: "card",
    used: false,
  };
  ctx.app.store.insert(token, ctx.account, { card: card.number });
  return token;
}

/** The card behind a `source` value: a test token, a stored token, a test PaymentMethod id, or raw card details. */
function sourceCard(ctx: Ctx, source: string, param: string): { card: TestCard; token: Stripe.Token | null } {
  const card = cardForToken(ctx, source);
  if (!card) throw missing(source, "source", param);
  const e = ctx.app.store.entry(source);
  if (e && e.type === "token") {
    const token = e.obj as unknown as Stripe.Token;
    if (token.used) throw invalid(`You cannot use a Stripe token more than once: ${source}.`, param, "token_already_used");
    token.used = true;
    ctx.app.store.put(token);
    return { card, token };
  }
  return { card, token: null };
}

/** Adds a card source to a customer (the first one becomes default_source). */
export function addCustomerSource(ctx: Ctx, customerId: string, source: string, param = "source", opts: { updateCustomer?: boolean } = {}): Stripe.Card {
  const customer = load<Stripe.Customer>(ctx, customerId, "customer", "customer", "customer");
  const { card, token } = sourceCard(ctx, source, param);
  const d = attachDecline(card);
  if (d) throw cardError(d, {}, param);
  const obj = buildCard(ctx, card, {
    customer: customer.id,
    name: token?.card?.name ?? null,
    expMonth: token?.card?.exp_month,
    expYear: token?.card?.exp_year,
  });
  ctx.app.store.insert(obj, ctx.account, { card: card.number });
  emit(ctx, "customer.source.created", obj);
  if (opts.updateCustomer !== false && !customer.default_source) {
    const before = JSON.parse(JSON.stringify(customer)) as Stripe.Customer;
    customer.default_source = obj.id;
    ctx.app.store.put(customer);
    emit(ctx, "customer.updated", customer, { previous: changed(before, customer) });
  }
  return obj;
}

function loadSource(ctx: Ctx, customer: string, id: string): Stripe.Card {
  load<Stripe.Customer>(ctx, customer, "customer", "customer");
  const card = ctx.app.store.find<Stripe.Card>(id, "card", ctx.account);
  if (!card || card.customer !== customer) throw missing(id, "source");
  return card;
}

/** POST /v1/charges: the legacy Charges API, with `source` (token, card source) and/or `customer`. */
function createLegacyCharge(ctx: Ctx, p: Params): Stripe.Charge {
  const amount = p.reqInt("amount");
  if (amount < 1) throw invalid("Invalid positive integer", "amount");
  const currency = p.reqStr("currency").toLowerCase();
  const customerId = p.str("customer") ?? null;
  const customer = customerId ? load<Stripe.Customer>(ctx, customerId, "customer", "customer", "customer") : null;
  const sourceId = p.str("source");
  let card: Stripe.Card;
  let number: string;
  if (sourceId && customer && ctx.app.store.find<Stripe.Card>(sourceId, "card", ctx.account)) {
    card = loadSource(ctx, customer.id, sourceId);
    number = ctx.app.store.entry(card.id)!.meta.card as string;
  } else if (sourceId) {
    const pmEntry = ctx.app.store.entry(sourceId);
    if (pmEntry?.type === "payment_method") {
      const pm = resolvePaymentMethod(ctx, sourceId, "source");
      number = (pmEntry.meta.card as string | undefined) ?? "4242424242424242";
      card = buildCard(ctx, lookupCard(number)!, { name: pm.billing_details.name });
    } else {
      const found = sourceCard(ctx, sourceId, "source");
      number = found.card.number;
      card = buildCard(ctx, found.card, { name: found.token?.card?.name ?? null });
    }
    ctx.app.store.insert(card, ctx.account, { card: number });
  } else if (customer) {
    const def = typeof customer.default_source === "string" ? customer.default_source : customer.default_source?.id;
    if (!def) throw invalid("Cannot charge a customer that has no active card", "card", "missing");
    card = loadSource(ctx, customer.id, def);
    number = ctx.app.store.entry(card.id)!.meta.card as string;
  } else {
    throw invalid("Must provide source or customer.", "source", "parameter_missing");
  }
  if (p.bool("capture") === false) throw invalid("Local Stripe captures every charge; capture=false is not supported.", "capture");
  const td = p.obj("transfer_data");
  const destination = td?.reqStr("destination") ?? p.str("destination") ?? null;
  if (destination) assertDestination(ctx, destination, "transfer_data[destination]");
  const fee = p.int("application_fee_amount") ?? null;
  if (fee !== null && fee > amount) throw invalid("The application fee amount cannot be greater than the amount.", "application_fee_amount");
  const pm = paymentMethodFromSource(card, number);
  const attempt = chargeCard(ctx, pm, {
    amount,
    currency,
    customer: customer?.id ?? null,
    paymentIntent: null,
    description: p.str("description") ?? null,
    metadata: p.metadata({}),
    receiptEmail: p.str("receipt_email") ?? null,
    transferGroup: p.str("transfer_group") ?? null,
    destination,
    applicationFeeAmount: destination ? fee : null,
    shipping: shippingFrom(p.obj("shipping")),
    // the Charges API can't authenticate the customer
    offSession: true,
    source: card,
  });
  const charge = attempt.charge;
  if (attempt.decline) {
    emit(ctx, "charge.failed", charge);
    throw cardError(attempt.decline, { charge: charge.id });
  }
  emit(ctx, "charge.succeeded", charge);
  attempt.finish();
  cardAftermath(ctx, charge);
  return ctx.app.store.find<Stripe.Charge>(charge.id, "charge") ?? charge;
}

export function register(r: Router): void {
  r.post("/v1/tokens", (ctx, p) => createToken(ctx, p));
  r.get("/v1/tokens/:id", (ctx, _p, { id }) => {
    const stored = ctx.app.store.find<Stripe.Token>(id, "token", ctx.account);
    if (stored) return stored;
    const card = cardForToken(ctx, id);
    if (!card || !id.startsWith("tok_")) throw missing(id, "token");
    const token: Stripe.Token = { id, object: "token", card: buildCard(ctx, card), client_ip: null, created: ctx.app.now(), livemode: false, type: "card", used: false };
    return token;
  });

  r.post("/v1/customers/:id/sources", (ctx, p, { id }) => addCustomerSource(ctx, id, p.reqStr("source")));
  r.get("/v1/customers/:id/sources", (ctx, p, { id }) => {
    load(ctx, id, "customer", "customer");
    const object = p.str("object");
    if (object && object !== "card") return paginate([], p, `/v1/customers/${id}/sources`);
    return paginate(ctx.app.store.list<Stripe.Card>("card", ctx.account, (c) => c.customer === id), p, `/v1/customers/${id}/sources`);
  });
  r.get("/v1/customers/:id/sources/:source", (ctx, _p, { id, source }) => loadSource(ctx, id, source));
  r.post("/v1/customers/:id/sources/:source", (ctx, p, { id, source }) => {
    const before = loadSource(ctx, id, source);
    const after = JSON.parse(JSON.stringify(before)) as Stripe.Card;
    after.metadata = p.metadata(after.metadata ?? {});
    for (const k of ["name", "address_line1", "address_line2", "address_city", "address_state", "address_zip", "address_country"] as const) {
      const v = p.nullableStr(k);
      if (v !== undefined) after[k] = v;
    }
    const month = p.int("exp_month");
    if (month !== undefined) after.exp_month = month;
    const year = p.int("exp_year");
    if (year !== undefined) after.exp_year = year;
    ctx.app.store.put(after);
    const previous = changed(before, after);
    if (Object.keys(previous).length) emit(ctx, "customer.source.updated", after, { previous });
    return after;
  });
  r.del("/v1/customers/:id/sources/:source", (ctx, _p, { id, source }) => {
    const card = loadSource(ctx, id, source);
    ctx.app.store.remove(card.id);
    emit(ctx, "customer.source.deleted", card);
    const customer = load<Stripe.Customer>(ctx, id, "customer", "customer");
    if (customer.default_source === card.id) {
      const before = JSON.parse(JSON.stringify(customer)) as Stripe.Customer;
      const next = ctx.app.store.list<Stripe.Card>("card", ctx.account, (c) => c.customer === id)[0];
      customer.default_source = next?.id ?? null;
      ctx.app.store.put(customer);
      emit(ctx, "customer.updated", customer, { previous: changed(before, customer) });
    }
    const deleted: Stripe.DeletedCard = { id: card.id, object: "card", deleted: true };
    return deleted;
  });

  r.post("/v1/charges", (ctx, p) => createLegacyCharge(ctx, p));
}
