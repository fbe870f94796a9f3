import type { Platform } from "@/lib/db";
import { commissionTable } from "@/lib/platforms/commission";
import type { PlatformRole } from "@/lib/platforms/platform-access";
import { stripe } from "@/lib/stripe/client";
import { syncConnectedAccount } from "./account-sync";

const STALE_AFTER_MS = 60_000;

export function isReadyForPayments(p: Platform): boolean {
  return Boolean(p.stripeAccountId) && p.stripeDetailsSubmitted && p.stripeChargesEnabled;
}

export function connectStatusView(p: Platform, role: PlatformRole) {
  const commission = commissionTable(p);
  return {
    has_account: Boolean(p.stripeAccountId),
    account_id: p.stripeAccountId,
    onboarding_complete: Boolean(p.stripeAccountId) && p.stripeDetailsSubmitted && p.stripeChargesEnabled,
    details_submitted: Boolean(p.stripeAccountId) && p.stripeDetailsSubmitted,
    charges_enabled: Boolean(p.stripeAccountId) && p.stripeChargesEnabled,
    payouts_enabled: Boolean(p.stripeAccountId) && p.stripePayoutsEnabled,
    requirements_due: p.stripeAccountId ? p.stripeRequirementsDue : [],
    business_type: p.stripeAccountId ? p.stripeBusinessType : null,
    is_ready_for_payments: isReadyForPayments(p),
    is_owner: role === "owner",
    commission_percent: Object.fromEntries(Object.entries(commission).map(([t, bps]) => [t, bps / 100])),
    commission_bps: commission,
    status_checked_at: p.stripeStatusCheckedAt?.toISOString() ?? null,
  };
}

/**
 * The Connect status of a platform. account.updated keeps the cache current; the cache is
 * re-read from Stripe only when older than a minute or when asked (returning from onboarding).
 * A Stripe outage then serves the cached status rather than failing the page.
 */
export async function connectStatus(platform: Platform, role: PlatformRole, opts: { refresh?: boolean } = {}) {
  let current = platform;
  const stale = !platform.stripeStatusCheckedAt || Date.now() - platform.stripeStatusCheckedAt.getTime() > STALE_AFTER_MS;
  if (platform.stripeAccountId && (opts.refresh || stale)) {
    try {
      current = (await syncConnectedAccount(stripe(), platform.stripeAccountId)) ?? platform;
    } catch (e) {
      console.warn("[connect] could not refresh account status", e instanceof Error ? e.message : e);
    }
  }
  return connectStatusView(current, role);
}
