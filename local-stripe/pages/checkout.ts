import type Stripe from "stripe";
import type { PageRequest } from "./index.js";
import { notFound } from "./index.js";
import { esc, layout } from "./html.js";
import { redirect, sendHtml } from "../http.js";
import { ZERO_DECIMAL, formatAmount } from "../common.js";
import { StripeApiError } from "../errors.js";
import { expireIfDue, payWithCard, sessionMeta } from "../resources/checkout.js";

/** The discount line: the promotion code the buyer sees, else the coupon's name or id. */
function discountLabel(pr: PageRequest, session: Stripe.Checkout.Session): string {
  const d = session.discounts?.[0];
  if (!d) return "Discount";
  const promoId = typeof d.promotion_code === "string" ? d.promotion_code : d.promotion_code?.id;
  const promo = promoId ? pr.app.store.find<Stripe.PromotionCode>(promoId, "promotion_code") : undefined;
  if (promo) return `Discount (${promo.code})`;
  const couponId = typeof d.coupon === "string" ? d.coupon : d.coupon?.id;
  const coupon = couponId ? pr.app.store.find<Stripe.Coupon>(couponId, "coupon") : undefined;
  return `Discount (${coupon?.name ?? couponId ?? ""})`;
}

/** Major units typed by the buyer → minor units (null when empty or not a number). */
function minorUnits(input: string, currency: string): number | null {
  const v = input.replace(/[^0-9.]/g, "");
  if (!v || !/^\d+(\.\d{1,2})?$/.test(v)) return null;
  const [whole, frac = ""] = v.split(".");
  if (ZERO_DECIMAL.has(currency.toLowerCase())) return frac ? null : Number(whole);
  return Number(whole) * 100 + Number(frac.padEnd(2, "0"));
}

function render(pr: PageRequest, session: Stripe.Checkout.Session, opts: { error?: string; email?: string; card?: string; amount?: string } = {}): true {
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
  const discount = session.total_details?.amount_discount ?? 0;
  const discountRows =
    discount > 0
      ? `<p class="subtotal">Subtotal: <span data-testid="subtotal">${esc(formatAmount(session.amount_subtotal ?? 0, currency))}</span></p>
<p class="discount">${esc(discountLabel(pr, session))}: <span data-testid="discount">−${esc(formatAmount(discount, currency))}</span></p>`
      : "";
  const custom = meta.lineItems.find((l) => l.price?.custom_unit_amount)?.price?.custom_unit_amount ?? null;
  const free = (session.amount_total ?? 0) === 0 && !custom && session.mode === "payment";
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
${discountRows}
<p class="total">Total due today: <span data-testid="total">${esc(total)}</span></p>
${trialDays ? `<p class="muted">${esc(trialDays)}-day free trial, then ${esc(formatAmount(session.amount_subtotal ?? 0, currency))} per period.</p>` : ""}
</section>
<section aria-labelledby="pay-heading">
<h2 id="pay-heading">Payment details</h2>
${opts.error ? `<div class="alert" role="alert">${esc(opts.error)}</div>` : ""}
<form method="post" action="/checkout/${esc(session.id)}" novalidate>
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="email" required value="${esc(emailLocked ?? opts.email ?? "")}"${emailLocked ? " readonly" : ""}>
${custom ? `<label for="customAmount">Amount (${esc(currency.toUpperCase())})</label>
<input id="customAmount" name="customAmount" inputmode="decimal" required value="${esc(opts.amount ?? (custom.preset !== null ? formatAmount(custom.preset, currency).replace(/[^0-9.]/g, "") : ""))}">` : ""}
<label for="cardNumber">Card number</label>
<input id="cardNumber" name="cardNumber" inputmode="numeric" autocomplete="cc-number" placeholder="4242 4242 4242 4242"${free ? "" : " required"} value="${esc(opts.card ?? "")}">
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
  const amountInput = (pr.form.get("customAmount") ?? "").trim();
  const meta = sessionMeta(ctx, session.id);
  const custom = meta.lineItems.some((l) => l.price?.custom_unit_amount);
  const customAmount = custom ? minorUnits(amountInput, session.currency ?? "usd") : null;
  if (custom && customAmount === null) return render(pr, session, { error: "Enter a valid amount.", email, card, amount: amountInput });
  // a fully discounted order needs no card
  const free = !custom && session.mode === "payment" && (session.amount_total ?? 0) === 0;
  const name = (pr.form.get("billingName") ?? "").trim() || null;
  const effectiveEmail = session.customer_email ?? email;
  if (!effectiveEmail || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(effectiveEmail)) {
    return render(pr, session, { error: "Your email address is invalid.", email, card });
  }
  if (!card && !free) return render(pr, session, { error: "Your card number is incomplete.", email, card, amount: amountInput });
  try {
    const result = payWithCard(ctx, session, card || "4242424242424242", effectiveEmail, name, { customAmount });
    if (result.status === "declined") return render(pr, result.session, { error: result.message, email, card, amount: amountInput });
    if (result.redirect) {
      redirect(pr.res, result.redirect);
      return true;
    }
    return render(pr, result.session);
  } catch (err) {
    if (err instanceof StripeApiError) return render(pr, session, { error: err.message, email, card, amount: amountInput });
    throw err;
  }
}
