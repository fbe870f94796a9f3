import "server-only";
import type { Platform } from "@/lib/db";
import { commissionTable } from "@/lib/platforms/commission";
import type { PlatformRole } from "@/lib/platforms/platform-access";
import { afterResponse } from "@/lib/api/after-response";
import { hasPaymentsAccount } from "@/lib/checkout/can-sell";
import { stripe } from "@/lib/stripe/client";
import { syncConnectedAccount } from "./account-sync";
import type { ConnectStatus } from "./connect-schema";

const STALE_AFTER_MS = 60_000;

export function connectStatusView(p: Platform, role: PlatformRole): ConnectStatus {
  const commission = commissionTable(p);
  return {
    has_account: Boolean(p.stripeAccountId),
    account_id: p.stripeAccountId,
    onboarding_complete: hasPaymentsAccount(p),
    details_submitted: Boolean(p.stripeAccountId) && p.stripeDetailsSubmitted,
    charges_enabled: Boolean(p.stripeAccountId) && p.stripeChargesEnabled,
    payouts_enabled: Boolean(p.stripeAccountId) && p.stripePayoutsEnabled,
    requirements_due: p.stripeAccountId ? p.stripeRequirementsDue : [],
    business_type: p.stripeAccountId ? p.stripeBusinessType : null,
    is_ready_for_payments: hasPaymentsAccount(p),
    is_owner: role === "owner",
    commission_percent: Object.fromEntries(Object.entries(commission).map(([t, bps]) => [t, bps / 100])),
    commission_bps: commission,
    status_checked_at: p.stripeStatusCheckedAt?.toISOString() ?? null,
  };
}

// returning from onboarding waits for Stripe's answer, but not for long
const ASKED_REFRESH_TIMEOUT_MS = 3_000;

const warn = (e: unknown) => console.warn("[connect] could not refresh account status", e instanceof Error ? e.message : e);

/**
 * The Connect status of a platform. account.updated keeps the cache current. A cache older than
 * a minute is served as it is and re-read from Stripe after the response, so a slow or
 * unreachable Stripe never holds up the page; asked for (returning from onboarding), the
 * re-read is awaited for a few seconds, and on failure the cached status is served.
 */
export async function connectStatus(platform: Platform, role: PlatformRole, opts: { refresh?: boolean } = {}): Promise<ConnectStatus> {
  const accountId = platform.stripeAccountId;
  if (!accountId) return connectStatusView(platform, role);
  if (opts.refresh) {
    const refreshed = await withTimeout(syncConnectedAccount(stripe(), accountId), ASKED_REFRESH_TIMEOUT_MS).catch((e) => {
      warn(e);
      return null;
    });
    return connectStatusView(refreshed ?? platform, role);
  }
  const stale = !platform.stripeStatusCheckedAt || Date.now() - platform.stripeStatusCheckedAt.getTime() > STALE_AFTER_MS;
  if (stale) afterResponse(() => syncConnectedAccount(stripe(), accountId).catch(warn));
  return connectStatusView(platform, role);
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
