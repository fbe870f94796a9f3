// Time budgets for tests whose waits add up to more than the default 30 s of
// playwright.config.ts on a loaded 2-core machine: Stripe checkout, onboarding and webhooks,
// magic links, multi-step wizards. Such a test sets `test.setTimeout(budget(...))` from the waits
// it makes. Each number is an upper bound for one step (its own expect timeout plus the requests
// around it).

export const WAIT = {
  /** owner sign-in, Connect status, a fresh catalog item, its paywall and three tiers over the API */
  setup: 15_000,
  /** a fresh member signed in by magic link: operator API, the mail (polled up to 15 s), the page behind the link */
  signIn: 30_000,
  /** one page load to network idle and hydration, and the first assertion on it */
  page: 15_000,
  /** to Local Stripe's hosted checkout, fill the card, pay, back to the app */
  stripe: 15_000,
  /** "You're in" after the webhook (held back 4 s in one test): the page load, then the polled status */
  webhook: 25_000,
  /** a purchase without the browser: checkout, pay, flush webhooks, poll the access check */
  apiPurchase: 15_000,
  /** one UI action that saves through the API (Stripe calls included) and its confirmation */
  step: 10_000,
} as const;

/** The sum of the waits, for `test.setTimeout`. */
export function budget(...waits: number[]): number {
  return waits.reduce((sum, w) => sum + w, 0);
}
