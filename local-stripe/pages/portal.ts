import type Stripe from "stripe";
import type { PageRequest } from "./index.js";
import { notFound } from "./index.js";
import { esc, formatDate, layout } from "./html.js";
import { redirect, sendHtml } from "../http.js";
import { formatAmount } from "../common.js";
import { periodOf, setCancelAtPeriodEnd } from "../resources/billing.js";

export function portalPage(pr: PageRequest, id: string): boolean {
  const { app } = pr;
  const entry = app.store.entry(id);
  if (!entry || entry.type !== "billing_portal.session") return notFound(pr.res, "This billing portal link is not valid.");
  const session = entry.obj as unknown as Stripe.BillingPortal.Session;
  const ctx = app.ctx(entry.account);
  const self = `/billing/portal/${encodeURIComponent(id)}`;
  if (pr.method === "POST") {
    const subId = pr.form.get("subscription") ?? "";
    const action = pr.form.get("action");
    const sub = app.store.find<Stripe.Subscription>(subId, "subscription", entry.account);
    if (sub && sub.customer === session.customer && sub.status !== "canceled" && (action === "cancel" || action === "resume")) {
      setCancelAtPeriodEnd(ctx, sub, action === "cancel");
    }
    redirect(pr.res, self);
    return true;
  }
  const subs = app.store.list<Stripe.Subscription>("subscription", entry.account, (s) => s.customer === session.customer && s.status !== "canceled");
  const customer = app.store.find<Stripe.Customer>(session.customer, "customer");
  const items = subs
    .map((s) => {
      const item = s.items.data[0];
      const product = app.store.find<Stripe.Product>(item.price.product as string, "product");
      const name = product?.name ?? "Subscription";
      const price = `${formatAmount((item.price.unit_amount ?? 0) * (item.quantity ?? 1), item.price.currency)} / ${item.price.recurring?.interval ?? "month"}`;
      const end = formatDate(periodOf(s).end);
      const state = s.cancel_at_period_end
        ? `Cancels on ${end}`
        : s.status === "trialing"
          ? `Trial ends ${formatDate(s.trial_end ?? periodOf(s).end)}`
          : `Renews on ${end}`;
      const button = s.cancel_at_period_end
        ? `<button type="submit" name="action" value="resume">Renew ${esc(name)}</button>`
        : `<button type="submit" name="action" value="cancel" class="secondary">Cancel ${esc(name)}</button>`;
      return `<li><h3>${esc(name)}</h3><p>${esc(price)} · <span>${esc(s.status)}</span> · ${esc(state)}</p>
<form method="post" action="${esc(self)}"><input type="hidden" name="subscription" value="${esc(s.id)}">${button}</form></li>`;
    })
    .join("");
  const back = session.return_url ? `<p><a href="${esc(session.return_url)}">Return to the site</a></p>` : "";
  const body = `<h1>Manage your subscriptions</h1>
<p class="muted">${esc(customer?.email ?? session.customer)}</p>
<section aria-labelledby="subs-heading">
<h2 id="subs-heading">Current subscriptions</h2>
${subs.length ? `<ul>${items}</ul>` : "<p>You have no active subscriptions.</p>"}
</section>
${back}`;
  sendHtml(pr.res, 200, layout("Billing portal", body));
  return true;
}
