import "server-only";
import type { Platform, User } from "@/lib/db";
import { db } from "@/lib/db";
import { BadRequestError, NotFoundError } from "@/lib/api/errors";
import { audit } from "@/lib/platforms/audit";
import { stripe } from "@/lib/stripe/client";
import { callStripe } from "@/lib/stripe/errors";
import { isAllowedRedirect } from "@/lib/security/redirect-guard";
import { cachedAccountFields } from "./account-sync";
import type { ConnectDashboardLink, ConnectDisconnected, ConnectOnboardingLink, OnboardInput } from "./connect-schema";

const alreadyConnected = () => new BadRequestError("This platform already has a connected Stripe account.", {}, "already_connected");

function assertRedirects(platform: Platform, input: Pick<OnboardInput, "return_url" | "refresh_url">) {
  const errors: Record<string, string[]> = {};
  for (const field of ["return_url", "refresh_url"] as const) {
    if (!isAllowedRedirect(input[field], platform)) errors[field] = ["Must be on this app's origin or one of the platform's domains."];
  }
  if (Object.keys(errors).length) throw new BadRequestError("Redirect URL is not allowed.", { errors }, "redirect_not_allowed");
}

function accountLink(accountId: string, input: Pick<OnboardInput, "return_url" | "refresh_url">) {
  return callStripe("create the onboarding link", () =>
    stripe().accountLinks.create({
      account: accountId,
      type: "account_onboarding",
      return_url: input.return_url,
      refresh_url: input.refresh_url,
    }),
  );
}

/**
 * Creates the platform's Express account and its first onboarding link. Nothing is stored until
 * both exist; a retry after a failure reuses the same Stripe account (idempotency key per
 * platform and connection), so a fault never leaves a half-created state or a duplicate account.
 */
export async function startOnboarding(platform: Platform, owner: User, input: OnboardInput): Promise<ConnectOnboardingLink> {
  if (platform.stripeAccountId) throw alreadyConnected();
  assertRedirects(platform, input);
  const generation = platform.stripeDisconnectedAt?.getTime() ?? 0;
  const account = await callStripe("create the Stripe account", () =>
    stripe().accounts.create(
      {
        type: "express",
        email: owner.email,
        business_type: input.business_type,
        capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
        business_profile: { name: platform.name },
        metadata: { platform_key: platform.key, platform_id: platform.id },
      },
      { idempotencyKey: `connect-account:${platform.id}:${generation}:${input.business_type}` },
    ),
  );
  const link = await accountLink(account.id, input);
  const claimed = await db.platform.updateMany({
    where: { id: platform.id, stripeAccountId: null },
    data: { stripeAccountId: account.id, stripeDisconnectedAt: null, ...cachedAccountFields(account) },
  });
  if (claimed.count === 0) throw alreadyConnected();
  await audit({ actorId: owner.id, platformId: platform.id, action: "connect.onboarding_started", target: account.id });
  return { account_id: account.id, onboarding_url: link.url };
}

/** A fresh onboarding link for an account whose onboarding is not finished. */
export async function refreshOnboarding(platform: Platform, input: Pick<OnboardInput, "return_url" | "refresh_url">): Promise<ConnectOnboardingLink> {
  if (!platform.stripeAccountId) throw new BadRequestError("There is no Stripe account to continue; start onboarding first.", {}, "not_connected");
  assertRedirects(platform, input);
  const account = await callStripe("read the Stripe account", () => stripe().accounts.retrieve(platform.stripeAccountId!));
  await db.platform.update({ where: { id: platform.id }, data: cachedAccountFields(account) });
  if (account.details_submitted && account.charges_enabled) {
    throw new BadRequestError("Onboarding is already complete for this Stripe account.", {}, "onboarding_complete");
  }
  const link = await accountLink(account.id, input);
  return { account_id: account.id, onboarding_url: link.url };
}

/** One-shot login link to the Express dashboard. */
export async function dashboardLink(platform: Platform): Promise<ConnectDashboardLink> {
  if (!platform.stripeAccountId) throw new NotFoundError("This platform has no Stripe account.");
  const link = await callStripe("open the Stripe dashboard", () => stripe().accounts.createLoginLink(platform.stripeAccountId!));
  return { dashboard_url: link.url };
}

/**
 * Disconnects the platform's account. Paywalls, prices and subscribers stay; new checkouts are
 * refused until the owner connects again (which onboards a new account).
 */
export async function disconnect(platform: Platform, actor: User): Promise<ConnectDisconnected> {
  if (!platform.stripeAccountId) throw new NotFoundError("This platform has no Stripe account to disconnect.");
  await db.$transaction(async (tx) => {
    await tx.platform.update({
      where: { id: platform.id },
      data: {
        stripeAccountId: null,
        stripeDetailsSubmitted: false,
        stripeChargesEnabled: false,
        stripePayoutsEnabled: false,
        stripeRequirementsDue: [],
        stripeStatusCheckedAt: null,
        stripeDisconnectedAt: new Date(),
      },
    });
    await audit({ actorId: actor.id, platformId: platform.id, action: "connect.disconnected", target: platform.stripeAccountId! }, tx);
  });
  return { detail: "Stripe Connect account disconnected" };
}
