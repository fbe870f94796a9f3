import type Stripe from "stripe";
import type { PageRequest } from "./index.js";
import { notFound } from "./index.js";
import { esc, layout } from "./html.js";
import { redirect, sendHtml } from "../http.js";
import { completeOnboarding, type AccountLinkRecord } from "../resources/accounts.js";

export function onboardingPage(pr: PageRequest, linkId: string): boolean {
  const { app } = pr;
  const entry = app.store.entry(linkId);
  if (!entry || entry.type !== "local_account_link") return notFound(pr.res, "This onboarding link is not valid.");
  const link = entry.obj as unknown as AccountLinkRecord;
  // Stripe sends expired or already-used links back to the platform to mint a new one
  if (link.used || link.expires_at <= app.now()) {
    redirect(pr.res, link.refresh_url);
    return true;
  }
  const account = app.store.find<Stripe.Account>(link.account, "account");
  if (!account) return notFound(pr.res, "This account no longer exists.");
  if (pr.method === "POST") {
    const name = (pr.form.get("businessName") ?? "").trim();
    const email = (pr.form.get("email") ?? "").trim();
    if (!name || !email) return render(pr, account, "Enter your business name and email.");
    link.used = true;
    app.store.put(link);
    completeOnboarding(app.ctx(), account.id, false, { name, email });
    redirect(pr.res, link.return_url);
    return true;
  }
  return render(pr, account);
}

function render(pr: PageRequest, account: Stripe.Account, error?: string): true {
  const body = `<h1>Set up your Express account</h1>
<p class="muted">Account ${esc(account.id)} · test mode: no real information is needed.</p>
${error ? `<div class="alert" role="alert">${esc(error)}</div>` : ""}
<form method="post">
<label for="businessName">Business name</label>
<input id="businessName" name="businessName" autocomplete="organization" required value="${esc(account.business_profile?.name ?? "")}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="email" required value="${esc(account.email ?? "")}">
<label for="routing">Routing number</label>
<input id="routing" name="routing" inputmode="numeric" value="110000000">
<label for="accountNumber">Account number</label>
<input id="accountNumber" name="accountNumber" inputmode="numeric" value="000123456789">
<button type="submit">Agree and submit</button>
</form>`;
  sendHtml(pr.res, error ? 400 : 200, layout("Express onboarding", body));
  return true;
}
