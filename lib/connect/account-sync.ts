import "server-only";
import type Stripe from "stripe";
import { db } from "@/lib/db";
import type { Platform } from "@/lib/db";

/** What Tollgate caches of a connected account; updated from account.updated and on demand. */
export function cachedAccountFields(account: Stripe.Account) {
  return {
    stripeDetailsSubmitted: Boolean(account.details_submitted),
    stripeChargesEnabled: Boolean(account.charges_enabled),
    stripePayoutsEnabled: Boolean(account.payouts_enabled),
    stripeRequirementsDue: [...(account.requirements?.currently_due ?? []), ...(account.requirements?.past_due ?? [])],
    stripeBusinessType: account.business_type ?? null,
    stripeStatusCheckedAt: new Date(),
  };
}

/** Re-reads an account from Stripe and stores its status on the platform that owns it. */
export async function syncConnectedAccount(stripe: Stripe, accountId: string): Promise<Platform | null> {
  const platform = await db.platform.findUnique({ where: { stripeAccountId: accountId } });
  if (!platform) return null; // an account we no longer (or never) track
  const account = await stripe.accounts.retrieve(accountId);
  return db.platform.update({ where: { id: platform.id }, data: cachedAccountFields(account) });
}
