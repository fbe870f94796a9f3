import type Stripe from "stripe";
import type { Ctx } from "../context.js";
import type { Router } from "../router.js";
import type { App } from "../app.js";
import { StripeApiError, invalid, missing } from "../errors.js";
import { newId } from "../ids.js";
import { addDays, load } from "../common.js";
import { emit, changed } from "../events.js";
import { paginate, createdFilter } from "../list.js";

/** Funds from card payments become available two days later (virtual clock). */
export const AVAILABLE_AFTER_DAYS = 2;

export interface TxnInput {
  account: string;
  amount: number;
  fee?: number;
  feeDetails?: Stripe.BalanceTransaction.FeeDetail[];
  currency: string;
  type: Stripe.BalanceTransaction.Type;
  reportingCategory: string;
  source: string;
  description?: string | null;
  /** Delay before funds are available; 0 = immediately. */
  delayDays?: number;
}

export function createTxn(ctx: Ctx, t: TxnInput): Stripe.BalanceTransaction {
  const now = ctx.app.now();
  const fee = t.fee ?? 0;
  const availableOn = addDays(now, t.delayDays ?? 0);
  const txn: Stripe.BalanceTransaction = {
    id: newId("txn"),
    object: "balance_transaction",
    amount: t.amount,
    available_on: availableOn,
    balance_type: "payments",
    created: now,
    currency: t.currency,
    description: t.description ?? null,
    exchange_rate: null,
    fee,
    fee_details: t.feeDetails ?? [],
    net: t.amount - fee,
    reporting_category: t.reportingCategory,
    source: t.source,
    status: availableOn <= now ? "available" : "pending",
    type: t.type,
  };
  ctx.app.store.insert(txn, t.account);
  return txn;
}

/** Balance transactions carry their status as of now (the clock moves). */
function withStatus(ctx: Ctx, txn: Stripe.BalanceTransaction): Stripe.BalanceTransaction {
  return { ...txn, status: txn.available_on <= ctx.app.now() ? "available" : "pending" };
}

export function computeBalance(ctx: Ctx, account: string): Stripe.Balance {
  const now = ctx.app.now();
  const available = new Map<string, number>();
  const pending = new Map<string, number>();
  for (const t of ctx.app.store.list<Stripe.BalanceTransaction>("balance_transaction", account)) {
    const target = t.available_on <= now ? available : pending;
    target.set(t.currency, (target.get(t.currency) ?? 0) + t.net);
    const other = target === available ? pending : available;
    if (!other.has(t.currency)) other.set(t.currency, 0);
  }
  if (available.size === 0) {
    available.set("usd", 0);
    pending.set("usd", 0);
  }
  const rows = (m: Map<string, number>) =>
    [...m.entries()].sort().map(([currency, amount]) => ({ amount, currency, source_types: { card: amount } }));
  return {
    object: "balance",
    available: rows(available),
    connect_reserved: [...available.keys()].sort().map((currency) => ({ amount: 0, currency })),
    livemode: false,
    pending: rows(pending),
  };
}

export function createTransfer(
  ctx: Ctx,
  opts: {
    amount: number;
    currency: string;
    destination: string;
    sourceTransaction: string | null;
    transferGroup: string | null;
    description?: string | null;
    metadata?: Stripe.Metadata;
    emitEvents?: boolean;
    /** Days until the connected account can use the funds (default AVAILABLE_AFTER_DAYS). */
    delayDays?: number;
  },
): { transfer: Stripe.Transfer; payment: Stripe.Charge } {
  const platform = ctx.app.config.platformAccount;
  const now = ctx.app.now();
  const id = newId("tr");
  const paymentId = newId("py");
  const platformTxn = createTxn(ctx, {
    account: platform,
    amount: -opts.amount,
    currency: opts.currency,
    type: "transfer",
    reportingCategory: "transfer",
    source: id,
    description: opts.description ?? null,
  });
  const transfer: Stripe.Transfer = {
    id,
    object: "transfer",
    amount: opts.amount,
    amount_reversed: 0,
    balance_transaction: platformTxn.id,
    created: now,
    currency: opts.currency,
    description: opts.description ?? null,
    destination: opts.destination,
    destination_payment: paymentId,
    livemode: false,
    metadata: opts.metadata ?? {},
    reversals: { object: "list", data: [], has_more: false, url: `/v1/transfers/${id}/reversals` },
    reversed: false,
    source_transaction: opts.sourceTransaction,
    source_type: "card",
    transfer_group: opts.transferGroup,
  };
  ctx.app.store.insert(transfer, platform);
  // the connected account sees the money as a payment (py_) in its own balance
  const connectedTxn = createTxn(ctx, {
    account: opts.destination,
    amount: opts.amount,
    currency: opts.currency,
    type: "payment",
    reportingCategory: "charge",
    source: paymentId,
    delayDays: opts.delayDays ?? AVAILABLE_AFTER_DAYS,
  });
  const payment = buildCharge({
    id: paymentId,
    created: now,
    amount: opts.amount,
    currency: opts.currency,
    status: "succeeded",
    balanceTransaction: connectedTxn.id,
    card: null,
    description: null,
    metadata: {},
  });
  payment.source_transfer = id;
  payment.payment_method_details = { type: "stripe_account", stripe_account: {} };
  ctx.app.store.insert(payment, opts.destination);
  if (opts.emitEvents !== false) emit(ctx, "transfer.created", transfer, { account: platform });
  return { transfer, payment };
}

export function createApplicationFee(
  ctx: Ctx,
  opts: { amount: number; currency: string; charge: string; account: string; payment: Stripe.Charge; delayDays?: number },
): Stripe.ApplicationFee {
  const platform = ctx.app.config.platformAccount;
  const id = newId("fee");
  const txn = createTxn(ctx, {
    account: platform,
    amount: opts.amount,
    currency: opts.currency,
    type: "application_fee",
    reportingCategory: "platform_earning",
    source: id,
    delayDays: opts.delayDays ?? AVAILABLE_AFTER_DAYS,
  });
  // the connected account's payment is reduced by the fee
  const connectedTxnId = opts.payment.balance_transaction as string;
  const connectedTxn = ctx.app.store.find<Stripe.BalanceTransaction>(connectedTxnId, "balance_transaction");
  if (connectedTxn) {
    connectedTxn.fee += opts.amount;
    connectedTxn.net = connectedTxn.amount - connectedTxn.fee;
    connectedTxn.fee_details.push({
      amount: opts.amount,
      application: "ca_local",
      currency: opts.currency,
      description: "Application fee",
      type: "application_fee",
    });
    ctx.app.store.put(connectedTxn);
  }
  const fee: Stripe.ApplicationFee = {
    id,
    object: "application_fee",
    account: opts.account,
    amount: opts.amount,
    amount_refunded: 0,
    application: "ca_local",
    balance_transaction: txn.id,
    charge: opts.charge,
    created: ctx.app.now(),
    currency: opts.currency,
    fee_source: { charge: opts.charge, type: "charge" },
    livemode: false,
    originating_transaction: null,
    refunded: false,
    refunds: { object: "list", data: [], has_more: false, url: `/v1/application_fees/${id}/refunds` },
  };
  ctx.app.store.insert(fee, platform);
  emit(ctx, "application_fee.created", fee, { account: platform });
  return fee;
}

export interface ChargeInput {
  id?: string;
  created: number;
  amount: number;
  currency: string;
  status: Stripe.Charge.Status;
  balanceTransaction: string | null;
  card: { brand: string; last4: string; funding: string; country: string; exp_month: number; exp_year: number; fingerprint: string } | null;
  paymentMethod?: string | null;
  customer?: string | null;
  paymentIntent?: string | null;
  description: string | null;
  metadata: Stripe.Metadata;
  billingEmail?: string | null;
  receiptEmail?: string | null;
  failure?: { code: string; message: string; decline_code: string; outcomeType?: string; reason?: string | null; sellerMessage?: string } | null;
  transferGroup?: string | null;
  risk?: { level: string; score: number };
  checks?: { cvc_check: string; address_line1_check: string | null; address_postal_code_check: string | null };
  threeDSecure?: Stripe.Charge.PaymentMethodDetails.Card.ThreeDSecure | null;
  networks?: string[];
  /** Replaces the card details (bank debits). */
  paymentMethodDetails?: Stripe.Charge.PaymentMethodDetails | null;
}

export function buildCharge(c: ChargeInput): Stripe.Charge {
  const id = c.id ?? newId("ch");
  const ok = c.status === "succeeded" || c.status === "pending";
  const risk = c.risk ?? { level: "normal", score: 20 };
  const checks = c.checks ?? { cvc_check: "pass", address_line1_check: null, address_postal_code_check: null };
  return {
    id,
    object: "charge",
    amount: c.amount,
    amount_captured: c.status === "succeeded" ? c.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: c.balanceTransaction,
    billing_details: { address: null, email: c.billingEmail ?? null, name: null, phone: null, tax_id: null },
    calculated_statement_descriptor: "LOCAL STRIPE",
    captured: c.status === "succeeded",
    created: c.created,
    currency: c.currency,
    customer: c.customer ?? null,
    description: c.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: c.failure?.code ?? null,
    failure_message: c.failure?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: c.metadata,
    on_behalf_of: null,
    outcome: ok
      ? {
          advice_code: null,
          network_advice_code: null,
          network_decline_code: null,
          network_status: "approved_by_network",
          reason: null,
          risk_level: risk.level,
          risk_score: risk.score,
          seller_message: "Payment complete.",
          type: "authorized",
        }
      : c.failure?.outcomeType === "blocked"
        ? {
            advice_code: "do_not_try_again",
            network_advice_code: null,
            network_decline_code: null,
            network_status: "not_sent_to_network",
            reason: c.failure.reason ?? "highest_risk_level",
            risk_level: risk.level,
            risk_score: risk.score,
            seller_message: c.failure.sellerMessage ?? "Stripe blocked this payment as too risky.",
            type: "blocked",
          }
        : {
            advice_code: "try_again_later",
            network_advice_code: null,
            network_decline_code: null,
            network_status: "declined_by_network",
            reason: c.failure?.reason === undefined ? (c.failure?.decline_code ?? "generic_decline") : c.failure.reason,
            risk_level: risk.level,
            risk_score: risk.score,
            seller_message: c.failure?.sellerMessage ?? "The bank did not return any further details with this decline.",
            type: "issuer_declined",
          },
    paid: c.status === "succeeded",
    payment_intent: c.paymentIntent ?? null,
    payment_method: c.paymentMethod ?? null,
    payment_method_details: c.paymentMethodDetails !== undefined ? c.paymentMethodDetails : c.card
      ? {
          type: "card",
          card: {
            amount_authorized: ok ? c.amount : null,
            authorization_code: ok ? "123456" : null,
            brand: c.card.brand,
            checks: { ...checks },
            country: c.card.country,
            electronic_commerce_indicator: null,
            exp_month: c.card.exp_month,
            exp_year: c.card.exp_year,
            extended_authorization: { status: "disabled" },
            fingerprint: c.card.fingerprint,
            funding: c.card.funding,
            incremental_authorization: { status: "unavailable" },
            installments: null,
            last4: c.card.last4,
            mandate: null,
            multicapture: { status: "unavailable" },
            network: c.card.brand,
            network_token: { used: false },
            network_transaction_id: ok ? "104102978678771" : null,
            overcapture: { maximum_amount_capturable: c.amount, status: "unavailable" },
            regulated_status: "unregulated",
            three_d_secure: c.threeDSecure ?? null,
            transaction_link_id: null,
            wallet: null,
          },
        }
      : null,
    receipt_email: c.receiptEmail ?? null,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    refunds: { object: "list", data: [], has_more: false, url: `/v1/charges/${id}/refunds` },
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: c.status,
    transfer_data: null,
    transfer_group: c.transferGroup ?? null,
  };
}

export function createPayout(ctx: Ctx, account: string, amount: number, currency: string, opts: { description?: string | null; metadata?: Stripe.Metadata; automatic?: boolean } = {}): Stripe.Payout {
  const balance = computeBalance(ctx, account);
  const avail = balance.available.find((b) => b.currency === currency)?.amount ?? 0;
  if (amount <= 0) throw invalid("Invalid positive integer", "amount");
  if (amount > avail) {
    throw new StripeApiError(
      400,
      "invalid_request_error",
      "You have insufficient funds in your Stripe account for this transfer. Your card balance is too low.",
      "balance_insufficient",
      "amount",
    );
  }
  const id = newId("po");
  const now = ctx.app.now();
  const txn = createTxn(ctx, { account, amount: -amount, currency, type: "payout", reportingCategory: "payout", source: id, description: "STRIPE PAYOUT" });
  const payout: Stripe.Payout = {
    id,
    object: "payout",
    amount,
    application_fee: null,
    application_fee_amount: null,
    arrival_date: addDays(now, 2),
    automatic: opts.automatic ?? false,
    balance_transaction: txn.id,
    created: now,
    currency,
    description: opts.description ?? "STRIPE PAYOUT",
    destination: "ba_local_test",
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    livemode: false,
    metadata: opts.metadata ?? {},
    method: "standard",
    original_payout: null,
    payout_method: null,
    reconciliation_status: "not_applicable",
    reversed_by: null,
    source_type: "card",
    statement_descriptor: null,
    status: "pending",
    trace_id: { status: "pending", value: null },
    type: "bank_account",
  };
  ctx.app.store.insert(payout, account);
  emit(ctx, "payout.created", payout, { account });
  return payout;
}

/** balance.available for an account (to its endpoint: Connect for connected accounts). */
export function announceBalance(ctx: Ctx, account: string): void {
  emit(ctx, "balance.available", computeBalance(ctx, account), { account });
}

/**
 * Funds that became available since the last check (pending card funds after their delay):
 * one balance.available per account. Returns how many were sent.
 */
export function announceAvailableFunds(app: App): number {
  const now = app.now();
  const last = app.store.state.balanceCheckedAt;
  app.store.state.balanceCheckedAt = now;
  app.store.save();
  if (last === undefined || last >= now) return 0;
  const accounts = new Set<string>();
  for (const e of Object.values(app.store.state.objects)) {
    if (e.type !== "balance_transaction") continue;
    const t = e.obj as unknown as Stripe.BalanceTransaction;
    if (t.net > 0 && t.available_on > t.created && t.available_on > last && t.available_on <= now) accounts.add(e.account);
  }
  for (const account of accounts) announceBalance(app.ctx(account), account);
  return accounts.size;
}

/** Pending payouts whose arrival_date has come are paid (payout.paid); returns how many. */
export function payDuePayouts(app: App): number {
  const now = app.now();
  let n = 0;
  const due = Object.values(app.store.state.objects)
    .filter((e) => e.type === "payout" && (e.obj as unknown as Stripe.Payout).status === "pending" && (e.obj as unknown as Stripe.Payout).arrival_date <= now)
    .sort((a, b) => (a.obj as unknown as Stripe.Payout).arrival_date - (b.obj as unknown as Stripe.Payout).arrival_date);
  for (const e of due) {
    const payout = e.obj as unknown as Stripe.Payout;
    app.at(payout.arrival_date, () => {
      payout.status = "paid";
      payout.trace_id = { status: "supported", value: `LOCAL${payout.id.slice(-10).toUpperCase()}` };
      app.store.put(payout);
      emit(app.ctx(e.account), "payout.paid", payout, { account: e.account });
    });
    n++;
  }
  return n;
}

export function register(r: Router): void {
  r.get("/v1/balance", (ctx) => computeBalance(ctx, ctx.account));

  r.get("/v1/balance_transactions", (ctx, p) => {
    const type = p.str("type");
    const source = p.str("source");
    const created = createdFilter(p);
    const list = ctx.app.store
      .list<Stripe.BalanceTransaction>(
        "balance_transaction",
        ctx.account,
        (t) => (!type || t.type === type) && (!source || t.source === source) && created(t.created),
      )
      .map((t) => withStatus(ctx, t));
    return paginate(list, p, "/v1/balance_transactions");
  });
  r.get("/v1/balance_transactions/:id", (ctx, _p, { id }) =>
    withStatus(ctx, load<Stripe.BalanceTransaction>(ctx, id, "balance_transaction", "balance transaction")),
  );

  r.post("/v1/payouts", (ctx, p) =>
    createPayout(ctx, ctx.account, p.reqInt("amount"), p.reqStr("currency").toLowerCase(), {
      description: p.str("description") ?? null,
      metadata: p.metadata({}),
    }),
  );
  r.get("/v1/payouts", (ctx, p) => {
    const status = p.str("status");
    const created = createdFilter(p);
    return paginate(
      ctx.app.store.list<Stripe.Payout>("payout", ctx.account, (x) => (!status || x.status === status) && created(x.created)),
      p,
      "/v1/payouts",
    );
  });
  r.get("/v1/payouts/:id", (ctx, _p, { id }) => load<Stripe.Payout>(ctx, id, "payout", "payout"));
  r.post("/v1/payouts/:id", (ctx, p, { id }) => {
    const before = load<Stripe.Payout>(ctx, id, "payout", "payout");
    const after = JSON.parse(JSON.stringify(before)) as Stripe.Payout;
    after.metadata = p.metadata(after.metadata ?? {});
    ctx.app.store.put(after);
    const previous = changed(before, after);
    if (Object.keys(previous).length) emit(ctx, "payout.updated", after, { previous });
    return after;
  });
  r.post("/v1/payouts/:id/cancel", (ctx, _p, { id }) => {
    const payout = load<Stripe.Payout>(ctx, id, "payout", "payout");
    if (payout.status !== "pending") throw invalid(`Payouts can only be canceled while they are pending. This payout is ${payout.status}.`, null, "payout_not_cancelable");
    const txn = createTxn(ctx, {
      account: ctx.account,
      amount: payout.amount,
      currency: payout.currency,
      type: "payout_cancel",
      reportingCategory: "payout_reversal",
      source: payout.id,
      description: "Payout canceled",
    });
    payout.status = "canceled";
    payout.failure_balance_transaction = txn.id;
    ctx.app.store.put(payout);
    emit(ctx, "payout.canceled", payout);
    return payout;
  });

  r.post("/v1/transfers", (ctx, p) => {
    if (!ctx.platform) throw invalid("Only the platform can create transfers.");
    const destination = p.reqStr("destination");
    const d = ctx.app.store.entry(destination);
    if (!d || d.type !== "account") throw missing(destination, "account", "destination");
    const { transfer } = createTransfer(ctx, {
      amount: p.reqInt("amount"),
      currency: p.reqStr("currency").toLowerCase(),
      destination,
      sourceTransaction: p.str("source_transaction") ?? null,
      transferGroup: p.str("transfer_group") ?? null,
      description: p.str("description") ?? null,
      metadata: p.metadata({}),
    });
    return transfer;
  });
  r.get("/v1/transfers", (ctx, p) => {
    const destination = p.str("destination");
    const group = p.str("transfer_group");
    return paginate(
      ctx.app.store.list<Stripe.Transfer>(
        "transfer",
        ctx.account,
        (t) => (!destination || t.destination === destination) && (!group || t.transfer_group === group),
      ),
      p,
      "/v1/transfers",
    );
  });
  r.get("/v1/transfers/:id", (ctx, _p, { id }) => load<Stripe.Transfer>(ctx, id, "transfer", "transfer"));
  r.post("/v1/transfers/:id", (ctx, p, { id }) => {
    const before = load<Stripe.Transfer>(ctx, id, "transfer", "transfer");
    const after = JSON.parse(JSON.stringify(before)) as Stripe.Transfer;
    after.metadata = p.metadata(after.metadata ?? {});
    const desc = p.nullableStr("description");
    if (desc !== undefined) after.description = desc;
    ctx.app.store.put(after);
    const previous = changed(before, after);
    if (Object.keys(previous).length) emit(ctx, "transfer.updated", after, { previous });
    return after;
  });
  r.post("/v1/transfers/:id/reversals", (ctx, p, { id }) => {
    const transfer = load<Stripe.Transfer>(ctx, id, "transfer", "transfer");
    const left = transfer.amount - transfer.amount_reversed;
    const amount = p.int("amount") ?? left;
    if (amount < 1) throw invalid("Invalid positive integer", "amount");
    if (amount > left) throw invalid(`Transfer ${id} has only ${left} left to reverse.`, "amount", "amount_too_large");
    const rid = newId("trr");
    const txn = createTxn(ctx, { account: ctx.account, amount, currency: transfer.currency, type: "transfer_refund", reportingCategory: "transfer_reversal", source: rid });
    const destination = typeof transfer.destination === "string" ? transfer.destination : transfer.destination?.id;
    if (destination) createTxn(ctx, { account: destination, amount: -amount, currency: transfer.currency, type: "payment_refund", reportingCategory: "refund", source: rid });
    const reversal: Stripe.TransferReversal = {
      id: rid,
      object: "transfer_reversal",
      amount,
      balance_transaction: txn.id,
      created: ctx.app.now(),
      currency: transfer.currency,
      destination_payment_refund: null,
      metadata: p.metadata({}),
      source_refund: null,
      transfer: transfer.id,
    };
    ctx.app.store.insert(reversal, ctx.account);
    const previous = { amount_reversed: transfer.amount_reversed, reversed: transfer.reversed };
    transfer.amount_reversed += amount;
    transfer.reversed = transfer.amount_reversed >= transfer.amount;
    transfer.reversals.data = [reversal, ...transfer.reversals.data];
    ctx.app.store.put(transfer);
    emit(ctx, "transfer.reversed", transfer, { previous });
    return reversal;
  });
  r.get("/v1/transfers/:id/reversals", (ctx, p, { id }) => {
    load(ctx, id, "transfer", "transfer");
    return paginate(ctx.app.store.list<Stripe.TransferReversal>("transfer_reversal", ctx.account, (x) => x.transfer === id), p, `/v1/transfers/${id}/reversals`);
  });

  r.get("/v1/application_fees", (ctx, p) => {
    const charge = p.str("charge");
    return paginate(
      ctx.app.store.list<Stripe.ApplicationFee>("application_fee", ctx.account, (f) => !charge || f.charge === charge),
      p,
      "/v1/application_fees",
    );
  });
  r.get("/v1/application_fees/:id", (ctx, _p, { id }) => load<Stripe.ApplicationFee>(ctx, id, "application_fee", "application fee"));
}
