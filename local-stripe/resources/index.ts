import type { App } from "../app.js";
import type { Router } from "../router.js";
import { buildAccount } from "./accounts.js";
import * as accounts from "./accounts.js";
import * as catalog from "./catalog.js";
import * as discounts from "./discounts.js";
import * as customers from "./customers.js";
import * as payments from "./payments.js";
import * as sources from "./sources.js";
import * as money from "./money.js";
import * as refunds from "./refunds.js";
import * as billing from "./billing.js";
import * as checkout from "./checkout.js";
import * as portal from "./portal.js";
import * as events from "./events.js";

export function registerResources(r: Router): void {
  for (const m of [accounts, catalog, discounts, customers, payments, sources, money, refunds, billing, checkout, portal, events]) m.register(r);
}

/** The platform's own account object (what GET /v1/account returns without Stripe-Account). */
export function ensurePlatformAccount(app: App): void {
  const id = app.config.platformAccount;
  if (app.store.entry(id)) return;
  const acct = buildAccount(id, app.now(), { type: "standard", email: "platform@example.com", complete: true });
  if (acct.business_profile) acct.business_profile.name = "Local Stripe Platform";
  app.store.insert(acct, id);
}
