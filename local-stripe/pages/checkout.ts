import type Stripe from "stripe";
import type { PageRequest } from "./index.js";
import { notFound } from "./index.js";
import { esc, layout } from "./html.js";
import { redirect, sendHtml } from "../http.js";
import { formatAmount } from "../common.js";
import { StripeApiError } from "../errors.js";
import { expireIfDue, payWithCard, sessionMeta } from "../resources/checkout.js";

function render(pr: PageRequest, session: Stripe.Checkout.Session, opts: { error?: string; email?: string; card?: string } = {}): true {
  const ctx = pr.app.ctx(pr.app.store.entry(session.id)!.account);
  const meta = sessionMeta(ctx, session.id);
  const currency = session.currency ?? "usd";
  const trialDays = meta.subscriptionData.trialPeriodDays;
  const rows = meta.lineItems
    .map((li) => {
      const recurring = li.price?.recurring ? ` / ${li.price.recurring.interval_count > 1 ? `${li.price.recurring.interval_count} ` : ""}${li.price.recurring.interval}` : "";
      return `<tr><td>${esc(li.description ?? "Item")}</td><td>${esc(li.quantity ?? 1)}</td><td>${esc(formatAmount(li.amount_total, currency))}${esc(recurring)}</td></tr>`;
    })
    .join("");
  const total = formatAmount(session.amount_total ?? 0, currency);
  const cancel = session.cancel_url ? `<p><a href="${esc(session.cancel_url)}">Cancel and return</a></p>` : "";
  let body: string;
  if (session.status === "complete") {
    const next = session.success_url?.replace(/\{CHECKOUT_SESSION_ID\}/g, session.id);
    body = `<h1>Payment complete</h1><p class="notice" role="status">This checkout session is complete.</p>${next ? `<p><a href="${esc(next)}">Continue</a></p>` : ""}`;
  } else if (session.status === "expired") {
    body = `<h1>Checkout expired</h1><p class="alert" role="alert">This checkout session has expired.</p>${cancel}`;
  } else {
    const emailLocked = session.customer_email;
    const label = session.mode === "subscription" ? (trialDays ? `Start ${trialDays}-day trial` : "Subscribe") : `Pay ${total}`;
    body = `<h1>Checkout</h1>
<section aria-labelledby="summary-heading">
<h2 id="summary-heading">Order summary</h2>
<table><thead><tr><th scope="col">Item</th><th scope="col">Qty</th><th scope="col">Price</th></tr></thead><tbody>${rows}</tbody></table>
<p class="total">Total due today: <span data-testid="total">${esc(total)}</span></p>
${trialDays ? `<p class="muted">${esc(trialDays)}-day free trial, then ${esc(formatAmount(session.amount_subtotal ?? 0, currency))} per period.</p>` : ""}
</section>
<section aria-labelledby="pay-heading">
<h2 id="pay-heading">Payment details</h2>
${opts.error ? `<div class="alert" role="alert">${esc(opts.error)}</div>` : ""}
<form method="post" action="/checkout/${esc(session.id)}" novalidate>
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="email" required value="${esc(emailLocked ?? opts.email ?? "")}"${emailLocked ? " readonly" : ""}>
<label for="cardNumber">Card number</label>
<input id="cardNumber" name="cardNumber" inputmode="numeric" autocomplete="cc-number" placeholder="4242 4242 4242 4242" required value="${esc(opts.card ?? "")}">
<label for="cardExpiry">Expiration date</label>
<input id="cardExpiry" name="cardExpiry" autocomplete="cc-exp" placeholder="MM / YY" value="12 / 34">
<label for="cardCvc">CVC</label>
<input id="cardCvc" name="cardCvc" inputmode="numeric" autocomplete="cc-csc" placeholder="123" value="123">
<label for="billingName">Name on card</label>
<input id="billingName" name="billingName" autocomplete="cc-name">
<button type="submit">${esc(label)}</button>
</form>
<p class="muted">Test cards: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined, 4000 0000 0000 0259 succeeds and is then disputed.</p>
</section>
${cancel}`;
  }
  sendHtml(pr.res, opts.error ? 402 : 200, layout("Checkout", body));
  return true;
}

export function checkoutPage(pr: PageRequest, id: string): boolean {
  const entry = pr.app.store.entry(id);
  if (!entry || entry.type !== "checkout.session") return notFound(pr.res, "No such checkout session.");
  const ctx = pr.app.ctx(entry.account);
  const session = expireIfDue(ctx, entry.obj as unknown as Stripe.Checkout.Session);
  if (pr.method === "GET" || session.status !== "open") return render(pr, session);
  const email = (pr.form.get("email") ?? "").trim();
  const card = (pr.form.get("cardNumber") ?? "").trim();
  const name = (pr.form.get("billingName") ?? "").trim() || null;
  const effectiveEmail = session.customer_email ?? email;
  if (!effectiveEmail || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(effectiveEmail)) {
    return render(pr, session, { error: "Your email address is invalid.", email, card });
  }
  if (!card) return render(pr, session, { error: "Your card number is incomplete.", email, card });
  try {
    const result = payWithCard(ctx, session, card, effectiveEmail, name);
    if (result.status === "declined") return render(pr, result.session, { error: result.message, email, card });
    if (result.redirect) {
      redirect(pr.res, result.redirect);
      return true;
    }
    return render(pr, result.session);
  } catch (err) {
    if (err instanceof StripeApiError) return render(pr, session, { error: err.message, email, card });
    throw err;
  }
}
