import type Stripe from "stripe";
import type { PageRequest } from "./index.js";
import { notFound } from "./index.js";
import { esc, formatDate, layout } from "./html.js";
import { redirect, sendHtml } from "../http.js";
import { formatAmount } from "../common.js";
import { StripeApiError } from "../errors.js";
import { computeBalance, createPayout } from "../resources/money.js";

export function dashboardPage(pr: PageRequest, accountId: string, token: string): boolean {
  const { app } = pr;
  const entry = app.store.entry(accountId);
  const tokens = (entry?.meta.dashboardTokens as string[] | undefined) ?? [];
  if (!entry || entry.type !== "account" || !tokens.includes(token)) return notFound(pr.res, "This dashboard link is not valid.");
  const account = entry.obj as unknown as Stripe.Account;
  const ctx = app.ctx(accountId);
  const self = `/express/dashboard/${encodeURIComponent(accountId)}/${encodeURIComponent(token)}`;
  let message = "";
  if (pr.method === "POST") {
    const balance = computeBalance(ctx, accountId);
    const paid: string[] = [];
    try {
      for (const b of balance.available) {
        if (b.amount > 0) {
          createPayout(ctx, accountId, b.amount, b.currency);
          paid.push(formatAmount(b.amount, b.currency));
        }
      }
    } catch (err) {
      if (!(err instanceof StripeApiError)) throw err;
    }
    redirect(pr.res, `${self}?paid=${encodeURIComponent(paid.join(", ") || "none")}`);
    return true;
  }
  const paid = pr.form.get("paid");
  if (paid) message = paid === "none" ? "No available balance to pay out." : `Payout of ${paid} created.`;
  const balance = computeBalance(ctx, accountId);
  const balanceRows = balance.available
    .map((a) => {
      const pending = balance.pending.find((p) => p.currency === a.currency)?.amount ?? 0;
      return `<tr><td>${esc(a.currency.toUpperCase())}</td><td>${esc(formatAmount(a.amount, a.currency))}</td><td>${esc(formatAmount(pending, a.currency))}</td></tr>`;
    })
    .join("");
  const payouts = app.store.list<Stripe.Payout>("payout", accountId);
  const payoutRows = payouts.length
    ? payouts
        .map((p) => `<tr><td>${esc(formatDate(p.created))}</td><td>${esc(formatAmount(p.amount, p.currency))}</td><td>${esc(p.status)}</td><td>${esc(formatDate(p.arrival_date))}</td></tr>`)
        .join("")
    : `<tr><td colspan="4">No payouts yet.</td></tr>`;
  const payments = app.store.list<Stripe.Charge>("charge", accountId);
  const txns = app.store.list<Stripe.BalanceTransaction>("balance_transaction", accountId);
  const paymentRows = payments.length
    ? payments
        .map((c) => {
          const txn = txns.find((t) => t.id === c.balance_transaction);
          const fee = txn?.fee ?? 0;
          return `<tr><td>${esc(formatDate(c.created))}</td><td>${esc(formatAmount(c.amount, c.currency))}</td><td>${esc(formatAmount(fee, c.currency))}</td><td>${esc(formatAmount(c.amount - fee, c.currency))}</td><td>${esc(c.refunded ? "refunded" : c.status)}</td></tr>`;
        })
        .join("")
    : `<tr><td colspan="5">No payments yet.</td></tr>`;
  const body = `<h1>${esc(account.business_profile?.name || account.email || account.id)} — Express dashboard</h1>
${message ? `<p class="notice" role="status">${esc(message)}</p>` : ""}
<section aria-labelledby="balance-heading">
<h2 id="balance-heading">Balance</h2>
<table><thead><tr><th scope="col">Currency</th><th scope="col">Available</th><th scope="col">Pending</th></tr></thead><tbody>${balanceRows}</tbody></table>
<form method="post" action="${esc(self)}"><button type="submit">Pay out now</button></form>
</section>
<section aria-labelledby="payouts-heading">
<h2 id="payouts-heading">Payouts</h2>
<table><thead><tr><th scope="col">Date</th><th scope="col">Amount</th><th scope="col">Status</th><th scope="col">Arrives</th></tr></thead><tbody>${payoutRows}</tbody></table>
</section>
<section aria-labelledby="payments-heading">
<h2 id="payments-heading">Payments</h2>
<table><thead><tr><th scope="col">Date</th><th scope="col">Amount</th><th scope="col">Platform fee</th><th scope="col">Net</th><th scope="col">Status</th></tr></thead><tbody>${paymentRows}</tbody></table>
</section>`;
  sendHtml(pr.res, 200, layout("Express dashboard", body));
  return true;
}
