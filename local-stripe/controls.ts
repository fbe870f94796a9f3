import type http from "node:http";
import type Stripe from "stripe";
import type { App } from "./app.js";
import { readBody, sendJson } from "./http.js";
import { StripeApiError, invalid, missing } from "./errors.js";
import { Params } from "./params.js";
import { jsonToForm, parseForm, type FormObject } from "./form.js";
import { completeOnboarding } from "./resources/accounts.js";
import { payWithCard } from "./resources/checkout.js";
import { closeDispute, openDispute } from "./resources/refunds.js";
import { advanceClock, processDue } from "./clock.js";
import { ensurePlatformAccount } from "./resources/index.js";
import type { SubscriptionMeta } from "./resources/billing.js";

async function bodyParams(req: http.IncomingMessage): Promise<Params> {
  const text = await readBody(req);
  if (!text.trim()) return new Params({});
  const type = req.headers["content-type"] ?? "";
  if (type.includes("application/x-www-form-urlencoded")) return new Params(parseForm(text));
  try {
    return new Params(jsonToForm(JSON.parse(text)) as FormObject);
  } catch {
    throw invalid("Invalid JSON body.");
  }
}

function entryOf(app: App, id: string, type: string, name: string) {
  const e = app.store.entry(id);
  if (!e || e.type !== type) throw missing(id, name);
  return e;
}

/** Test controls under /_local: not part of Stripe's API, stable for tests and the app. */
export async function handleControl(app: App, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  const method = (req.method ?? "GET").toUpperCase();
  const path = url.pathname.replace(/\/+$/, "");
  const seg = path.split("/").slice(2).map(decodeURIComponent);
  try {
    const p = method === "POST" || method === "DELETE" ? await bodyParams(req) : new Params({});
    const result = await route(app, method, seg, p);
    if (result === undefined) {
      throw new StripeApiError(404, "invalid_request_error", `Unrecognized request URL (${method}: ${url.pathname}).`);
    }
    sendJson(res, 200, result);
  } catch (err) {
    if (err instanceof StripeApiError) sendJson(res, err.status, err.toJSON());
    else {
      console.error("[local-stripe] control failed", err);
      sendJson(res, 500, new StripeApiError(500, "api_error", "An unknown error occurred.").toJSON());
    }
  }
}

async function route(app: App, method: string, seg: string[], p: Params): Promise<unknown> {
  const [a, b, c, d] = seg;
  if (method === "GET" && a === "health" && !b) return { status: "ok" };
  if (method === "GET" && a === "config" && !b) {
    return {
      webhook_secrets: { platform: app.config.secrets.platform, connect: app.config.secrets.connect },
      platform_account: app.config.platformAccount,
      webhook_urls: { platform: app.config.webhookUrl, connect: app.config.connectWebhookUrl },
      public_url: app.config.publicUrl,
      now: app.now(),
    };
  }
  if (method === "GET" && a === "clock" && !b) return { now: app.now(), offset: app.store.state.clockOffset };
  if (method !== "POST" && !(method === "DELETE" && a === "faults")) return undefined;

  if (a === "accounts" && b && c === "onboard" && !d) {
    const e = entryOf(app, b, "account", "account");
    if (b === app.config.platformAccount) throw invalid("The platform account is always onboarded.", "account");
    return completeOnboarding(app.ctx(e.account), b, p.bool("requirements_due") ?? false);
  }
  if (a === "checkout" && b === "sessions" && c && d === "pay") {
    const e = entryOf(app, c, "checkout.session", "checkout.session");
    const session = e.obj as unknown as Stripe.Checkout.Session;
    const result = payWithCard(app.ctx(e.account), session, p.str("card") ?? "4242424242424242", p.str("email") ?? null, p.str("name") ?? null, {
      customAmount: p.int("custom_amount") ?? null,
    });
    if (result.status === "succeeded") {
      return { status: "succeeded", session: result.session, redirect_url: result.redirect };
    }
    return { status: "declined", message: result.message, code: result.code, decline_code: result.decline_code, session: result.session };
  }
  if (a === "clock" && b === "advance" && !c) {
    const seconds = p.num("seconds") ?? 0;
    if (!Number.isFinite(seconds) || seconds < 0) throw invalid("seconds must be a non-negative number", "seconds");
    return advanceClock(app, Math.floor(seconds));
  }
  if (a === "subscriptions" && b && c === "fail_next_payment" && !d) {
    const e = entryOf(app, b, "subscription", "subscription");
    (e.meta as SubscriptionMeta).failNext = true;
    app.store.save();
    return { subscription: b, fail_next_payment: true };
  }
  if (a === "charges" && b && c === "dispute" && !d) {
    const e = entryOf(app, b, "charge", "charge");
    const ctx = app.ctx(e.account);
    const charge = e.obj as unknown as Stripe.Charge;
    const existing = app.store.list<Stripe.Dispute>("dispute", e.account, (x) => x.charge === charge.id)[0];
    let dispute = existing ?? openDispute(ctx, charge);
    const outcome = p.oneOf("outcome", ["won", "lost"] as const);
    if (outcome) dispute = closeDispute(ctx, dispute, outcome);
    return dispute;
  }
  if (a === "webhooks" && b === "flush" && !c) {
    // whatever is due now (a bank debit settling right away) happens before waiting
    processDue(app);
    await app.webhooks.flush();
    return { status: "ok", pending: app.store.state.deliveries.length };
  }
  if (a === "faults" && !b) {
    if (method === "DELETE") {
      app.faults.clear();
      app.webhooks.chaos = { duplicate: false, shuffle: false, delay_ms: 0 };
      return { faults: [], webhooks: app.webhooks.chaos };
    }
    if (p.has("path")) {
      const status = p.reqStr("status");
      if (status !== "500" && status !== "timeout") throw invalid('status must be 500 or "timeout"', "status");
      app.faults.add({ path: p.reqStr("path"), status: status === "500" ? 500 : "timeout", count: p.int("count") ?? 1 });
    }
    const w = p.obj("webhooks");
    if (w) {
      app.webhooks.chaos = {
        duplicate: w.bool("duplicate") ?? false,
        shuffle: w.bool("shuffle") ?? false,
        delay_ms: Math.max(0, w.int("delay_ms") ?? 0),
      };
    }
    return { faults: app.faults.pending(), webhooks: app.webhooks.chaos };
  }
  if (a === "reset" && !b) {
    app.webhooks.clear();
    app.faults.clear();
    app.webhooks.chaos = { duplicate: false, shuffle: false, delay_ms: 0 };
    app.store.reset();
    ensurePlatformAccount(app);
    return { status: "ok" };
  }
  return undefined;
}
