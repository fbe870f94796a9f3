import type Stripe from "stripe";
import type { Ctx } from "../context.js";
import type { Router } from "../router.js";
import type { Params } from "../params.js";
import { StripeApiError, invalid, missing } from "../errors.js";
import { newId, randomToken } from "../ids.js";
import { emit, changed } from "../events.js";
import { paginate } from "../list.js";

const DUE = [
  "business_profile.mcc",
  "business_profile.url",
  "external_account",
  "individual.first_name",
  "individual.last_name",
  "tos_acceptance.date",
  "tos_acceptance.ip",
];

function requirements(due: string[]): Stripe.Account.Requirements {
  return {
    alternatives: [],
    current_deadline: null,
    currently_due: due,
    disabled_reason: due.length ? "requirements.past_due" : null,
    errors: [],
    eventually_due: due,
    past_due: due,
    pending_verification: [],
  };
}

function futureRequirements(): Stripe.Account.FutureRequirements {
  return {
    alternatives: [],
    current_deadline: null,
    currently_due: [],
    disabled_reason: null,
    errors: [],
    eventually_due: [],
    past_due: [],
    pending_verification: [],
  };
}

export function buildAccount(
  id: string,
  created: number,
  opts: { type: Stripe.Account.Type; country?: string; email?: string | null; metadata?: Stripe.Metadata; complete?: boolean },
): Stripe.Account {
  const complete = opts.complete ?? false;
  const country = opts.country ?? "US";
  const express = opts.type === "express";
  const controller: Stripe.Account.Controller =
    opts.type === "standard"
      ? { is_controller: true, type: "application", fees: { payer: "account" }, losses: { payments: "stripe" }, requirement_collection: "stripe", stripe_dashboard: { type: "full" } }
      : opts.type === "none"
        ? { type: "account" }
        : {
            is_controller: true,
            type: "application",
            fees: { payer: "application" },
            losses: { payments: "application" },
            requirement_collection: express ? "stripe" : "application",
            stripe_dashboard: { type: express ? "express" : "none" },
          };
  return {
    id,
    object: "account",
    business_profile: {
      annual_revenue: null,
      estimated_worker_count: null,
      mcc: null,
      minority_owned_business_designation: null,
      name: null,
      product_description: null,
      specified_commercial_transactions_act_url: null,
      support_address: null,
      support_email: null,
      support_phone: null,
      support_url: null,
      url: null,
    },
    business_type: null,
    capabilities: complete ? { card_payments: "active", transfers: "active" } : { card_payments: "inactive", transfers: "inactive" },
    charges_enabled: complete,
    controller,
    country,
    created,
    default_currency: country === "US" ? "usd" : "eur",
    details_submitted: complete,
    email: opts.email ?? null,
    external_accounts: { object: "list", data: [], has_more: false, url: `/v1/accounts/${id}/external_accounts` },
    future_requirements: futureRequirements(),
    metadata: opts.metadata ?? {},
    payouts_enabled: complete,
    requirements: requirements(complete ? [] : DUE),
    settings: {
      bacs_debit_payments: { display_name: null, service_user_number: null },
      branding: { icon: null, logo: null, primary_color: null, secondary_color: null },
      card_issuing: { tos_acceptance: { date: null, ip: null } },
      card_payments: {
        decline_on: { avs_failure: false, cvc_failure: false },
        statement_descriptor_prefix: null,
        statement_descriptor_prefix_kana: null,
        statement_descriptor_prefix_kanji: null,
      },
      dashboard: { display_name: null, timezone: "Etc/UTC" },
      invoices: { default_account_tax_ids: null, hosted_payment_method_save: "offer" },
      payments: {
        statement_descriptor: null,
        statement_descriptor_kana: null,
        statement_descriptor_kanji: null,
        statement_descriptor_prefix_kana: null,
        statement_descriptor_prefix_kanji: null,
      },
      payouts: { debit_negative_balances: true, schedule: { delay_days: 2, interval: "daily" }, statement_descriptor: null },
      sepa_debit_payments: {},
    },
    tos_acceptance: { date: complete ? created : null, ip: null, user_agent: null },
    type: opts.type,
  };
}

export function isConnected(ctx: Ctx, id: string): boolean {
  const e = ctx.app.store.entry(id);
  return !!e && e.type === "account" && id !== ctx.app.config.platformAccount;
}

/** Destination charges need the connected account's transfers capability, as on Stripe. */
export function assertDestination(ctx: Ctx, id: string, param: string): void {
  const acct = ctx.app.store.find<Stripe.Account>(id, "account");
  if (!acct || id === ctx.app.config.platformAccount) throw missing(id, "account", param);
  if (acct.capabilities?.transfers !== "active") {
    throw invalid(
      "Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments",
      param,
      "insufficient_capabilities_for_transfer",
    );
  }
}

function loadAccount(ctx: Ctx, id: string): Stripe.Account {
  // a connected account may read itself; the platform reads all of its accounts
  if (!ctx.platform && id !== ctx.account) throw missing(id, "account", "account");
  const acct = ctx.app.store.find<Stripe.Account>(id, "account");
  if (!acct) {
    throw new StripeApiError(
      404,
      "invalid_request_error",
      `No such account: '${id}'`,
      "resource_missing",
      "id",
    );
  }
  return acct;
}

/** Saves an account change and emits account.updated to the Connect endpoint. */
export function saveAccount(ctx: Ctx, before: Stripe.Account, after: Stripe.Account): Stripe.Account {
  ctx.app.store.put(after);
  const previous = changed(before, after);
  if (Object.keys(previous).length > 0) emit(ctx, "account.updated", after, { account: after.id, previous });
  return after;
}

export function completeOnboarding(
  ctx: Ctx,
  id: string,
  requirementsDue: boolean,
  profile: { name?: string; email?: string } = {},
): Stripe.Account {
  const before = ctx.app.store.find<Stripe.Account>(id, "account");
  if (!before) throw missing(id, "account");
  const after: Stripe.Account = JSON.parse(JSON.stringify(before)) as Stripe.Account;
  if (profile.name && after.business_profile) after.business_profile.name = profile.name;
  if (profile.email) after.email = profile.email;
  const now = ctx.app.now();
  after.details_submitted = true;
  after.tos_acceptance = { date: now, ip: "127.0.0.1", user_agent: "Local Stripe" };
  if (requirementsDue) {
    after.charges_enabled = false;
    after.payouts_enabled = false;
    after.capabilities = { card_payments: "inactive", transfers: "inactive" };
    after.requirements = requirements(["individual.verification.document"]);
  } else {
    after.charges_enabled = true;
    after.payouts_enabled = true;
    after.capabilities = { card_payments: "active", transfers: "active" };
    after.requirements = requirements([]);
    after.future_requirements = futureRequirements();
  }
  return saveAccount(ctx, before, after);
}

function applyUpdates(acct: Stripe.Account, p: Params): void {
  acct.metadata = p.metadata(acct.metadata ?? {});
  const email = p.nullableStr("email");
  if (email !== undefined) acct.email = email;
  const bt = p.nullableStr("business_type");
  if (bt !== undefined) acct.business_type = bt as Stripe.Account.BusinessType | null;
  const bp = p.obj("business_profile");
  if (bp && acct.business_profile) {
    for (const k of ["name", "url", "mcc", "product_description", "support_email", "support_phone", "support_url"] as const) {
      const v = bp.nullableStr(k);
      if (v !== undefined) acct.business_profile[k] = v;
    }
  }
  const dc = p.str("default_currency");
  if (dc) acct.default_currency = dc.toLowerCase();
  const settings = p.obj("settings");
  if (settings && acct.settings) {
    const dash = settings.obj("dashboard");
    if (dash) {
      const v = dash.nullableStr("display_name");
      if (v !== undefined) acct.settings.dashboard.display_name = v;
    }
    const pay = settings.obj("payments");
    if (pay) {
      const v = pay.nullableStr("statement_descriptor");
      if (v !== undefined) acct.settings.payments.statement_descriptor = v;
    }
    const brand = settings.obj("branding");
    if (brand) {
      for (const k of ["primary_color", "secondary_color"] as const) {
        const v = brand.nullableStr(k);
        if (v !== undefined) acct.settings.branding[k] = v;
      }
    }
    const schedule = settings.obj("payouts")?.obj("schedule");
    if (schedule && acct.settings.payouts) {
      const current = acct.settings.payouts.schedule;
      const interval = schedule.oneOf("interval", ["manual", "daily", "weekly", "monthly"] as const);
      if (interval) current.interval = interval;
      const delay = schedule.str("delay_days");
      if (delay !== undefined) current.delay_days = delay === "minimum" ? 2 : Number(schedule.int("delay_days"));
      const weekly = schedule.str("weekly_anchor");
      if (weekly !== undefined) current.weekly_anchor = weekly;
      const monthly = schedule.int("monthly_anchor");
      if (monthly !== undefined) current.monthly_anchor = monthly;
    }
  }
  const tos = p.obj("tos_acceptance");
  if (tos && acct.tos_acceptance) {
    const date = tos.int("date");
    if (date !== undefined) acct.tos_acceptance.date = date;
    const ip = tos.nullableStr("ip");
    if (ip !== undefined) acct.tos_acceptance.ip = ip;
    const ua = tos.nullableStr("user_agent");
    if (ua !== undefined) acct.tos_acceptance.user_agent = ua;
  }
}

/** The platform as a Connect application (the object of account.application.* events). */
export function platformApplication(ctx: Ctx): Stripe.Application {
  const platform = ctx.app.store.find<Stripe.Account>(ctx.app.config.platformAccount, "account");
  return { id: "ca_local", object: "application", name: platform?.business_profile?.name ?? "Local Stripe Platform" };
}

export interface AccountLinkRecord {
  id: string;
  object: "local_account_link";
  account: string;
  refresh_url: string;
  return_url: string;
  expires_at: number;
  used: boolean;
}

export function register(r: Router): void {
  r.post("/v1/accounts", (ctx, p) => {
    if (!ctx.platform) throw invalid("Connected accounts cannot create accounts.");
    const controller = p.obj("controller");
    let type = p.oneOf("type", ["express", "standard", "custom"] as const);
    if (!type) {
      const dash = controller?.obj("stripe_dashboard")?.str("type");
      type = dash === "express" ? "express" : dash === "none" ? "custom" : controller ? "standard" : undefined;
    }
    // neither `type` nor `controller`: Stripe creates a Standard account
    if (!type) type = "standard";
    const id = newId("acct", 16);
    const acct = buildAccount(id, ctx.app.now(), {
      type,
      country: p.str("country")?.toUpperCase(),
      email: p.str("email") ?? null,
    });
    applyUpdates(acct, p);
    ctx.app.store.insert(acct, ctx.app.config.platformAccount, { dashboardTokens: [] });
    return acct;
  });

  r.get("/v1/accounts", (ctx, p) => {
    const list = ctx.platform
      ? ctx.app.store.list<Stripe.Account>("account", ctx.app.config.platformAccount, (a) => a.id !== ctx.app.config.platformAccount)
      : [];
    return paginate(list, p, "/v1/accounts");
  });

  r.get("/v1/account", (ctx) => loadAccount(ctx, ctx.account));
  r.get("/v1/accounts/:id", (ctx, _p, { id }) => loadAccount(ctx, id));

  r.post("/v1/accounts/:id", (ctx, p, { id }) => {
    const before = loadAccount(ctx, id);
    const after = JSON.parse(JSON.stringify(before)) as Stripe.Account;
    applyUpdates(after, p);
    return saveAccount(ctx, before, after);
  });

  r.del("/v1/accounts/:id", (ctx, _p, { id }) => {
    loadAccount(ctx, id);
    if (id === ctx.app.config.platformAccount) throw invalid("You cannot delete your own account.");
    // the platform loses access to the account: Connect endpoints hear account.application.deauthorized
    emit(ctx, "account.application.deauthorized", platformApplication(ctx), { account: id });
    ctx.app.store.remove(id);
    const deleted: Stripe.DeletedAccount = { id, object: "account", deleted: true };
    return deleted;
  });

  r.post("/v1/account_links", (ctx, p) => {
    const account = p.reqStr("account");
    if (!isConnected(ctx, account)) throw missing(account, "account", "account");
    const type = p.reqStr("type");
    if (type !== "account_onboarding" && type !== "account_update") {
      throw invalid(`Invalid type: must be one of account_onboarding or account_update`, "type");
    }
    const refresh_url = p.reqStr("refresh_url");
    const return_url = p.reqStr("return_url");
    const created = ctx.app.now();
    const record: AccountLinkRecord = {
      id: `acctlink_${randomToken(24)}`,
      object: "local_account_link",
      account,
      refresh_url,
      return_url,
      expires_at: created + 300,
      used: false,
    };
    ctx.app.store.insert(record, ctx.app.config.platformAccount);
    const link: Stripe.AccountLink = {
      object: "account_link",
      created,
      expires_at: record.expires_at,
      url: `${ctx.app.config.publicUrl}/express/onboarding/${record.id}`,
    };
    return link;
  });

  r.post("/v1/accounts/:id/login_links", (ctx, _p, { id }) => {
    const acct = loadAccount(ctx, id);
    if (acct.type !== "express") {
      throw invalid("Cannot create a login link for an account that is not an Express account.", "account");
    }
    const token = randomToken(24);
    const meta = ctx.app.store.meta(id);
    meta.dashboardTokens = [...((meta.dashboardTokens as string[] | undefined) ?? []), token];
    ctx.app.store.save();
    const link: Stripe.LoginLink = {
      object: "login_link",
      created: ctx.app.now(),
      url: `${ctx.app.config.publicUrl}/express/dashboard/${id}/${token}`,
    };
    return link;
  });
}
