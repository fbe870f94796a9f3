import "server-only";
import { z } from "zod";
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import type { Paywall, Platform, Price } from "@/lib/db";
import { withApi } from "@/lib/api/with-api";
import type { ErrorStatus } from "@/lib/api/contract";
import { BadRequestError, NotFoundError } from "@/lib/api/errors";
import { canonicalParams, compositeParams, priceUidParams } from "@/lib/api/route-params";
import type { ItemScope } from "@/lib/api/route-scope";
import { env } from "@/lib/config/env";
import { isAllowedRedirect } from "@/lib/security/redirect-guard";
import { clientIp } from "@/lib/security/client-ip";
import { hitRateLimit } from "@/lib/security/rate-limit";
import { stripe } from "@/lib/stripe/client";
import { callStripe } from "@/lib/stripe/errors";
import { applyCheckoutSession } from "@/lib/subscriptions/apply-purchase";
import { checkoutStartedSchema } from "./checkout-schema";
import {
  assertPriceActive,
  createCheckout,
  guestCheckoutInput,
  memberCheckoutInput,
  sellablePrice,
  type Buyer,
  type MemberCheckoutInput,
} from "./create-checkout";

export const GUEST_CHECKOUTS_PER_IP = 30;
export const GUEST_CHECKOUTS_PER_EMAIL = 10;
const GUEST_WINDOW_SECONDS = 600;
const guestPerIp = { name: "guest-checkout:ip", points: GUEST_CHECKOUTS_PER_IP, durationSeconds: GUEST_WINDOW_SECONDS };
const guestPerEmail = { name: "guest-checkout:email", points: GUEST_CHECKOUTS_PER_EMAIL, durationSeconds: GUEST_WINDOW_SECONDS };

const NO_PAYWALL = "Paywall configuration not found.";

/**
 * How each URL form names what is sold. The composite form sells a disabled paywall's tiers
 * into a `not_sellable` refusal; the canonical forms (shared buy links) answer 404 for a disabled
 * paywall, before any Stripe call.
 */
type Form = "composite" | "canonical" | "price";

/** The paywall the path names (scope loaded it, with its platform's visibility already checked). */
function paywallOf(item: ItemScope, form: Form): Paywall {
  if (!item.paywall) throw new NotFoundError(NO_PAYWALL);
  if (form !== "composite" && !item.paywall.isEnabled) throw new NotFoundError(NO_PAYWALL);
  return item.paywall;
}

async function tierOf(paywall: Paywall, scoped: Price | undefined, priceId: string | undefined): Promise<Price> {
  return scoped ? assertPriceActive(scoped) : sellablePrice(paywall, priceId);
}

/** The checkout a member or a guest starts: the same paywall, tier and body fields, another buyer. */
async function checkoutFor(item: ItemScope, scoped: Price | undefined, form: Form, body: MemberCheckoutInput, buyer: Buyer) {
  const paywall = paywallOf(item, form);
  const tier = await tierOf(paywall, scoped, body.price_id);
  return createCheckout({
    platform: item.platform,
    paywall,
    price: tier,
    buyer,
    successUrl: body.success_url,
    cancelUrl: body.cancel_url,
    promotionCode: body.promotion_code,
    amount: body.amount,
  });
}

const checkoutErrors = {
  member: [409, 502, 503],
  // public routes still check the origin of a browser session's POST (403 cross_site_request)
  guest: [403, 429, 502, 503],
} satisfies Record<string, ErrorStatus[]>;

const checkoutDescription =
  "Starts a Stripe Checkout Session for one tier (a destination charge with the platform's commission as application fee) and answers the page to send the buyer to. " +
  "Refusals carry a `code`: `already_subscribed` (409, with `subscription_id`), `not_sellable`, `price_inactive`, `unknown_price`, `guest_checkout_refused`, `validation_error` (400); " +
  "Stripe failures answer 502/503 `stripe_unavailable` with nothing stored.";

function memberRoute<P extends z.ZodType>(params: P, scope: "item" | "price", form: Form) {
  return withApi(
    {
      auth: "user",
      scope,
      params,
      body: memberCheckoutInput,
      responses: { 200: checkoutStartedSchema },
      errors: checkoutErrors.member,
      summary: form === "price" ? "Start a checkout for this tier" : "Start a checkout for the item",
      description: checkoutDescription,
      tags: ["checkout"],
    },
    async ({ caller, item, price, body }) => checkoutFor(item, price, form, body, { user: caller.user, email: caller.user.email }),
  );
}

function guestRoute<P extends z.ZodType>(params: P, scope: "item" | "price", form: Form) {
  return withApi(
    {
      auth: "public",
      scope,
      params,
      body: guestCheckoutInput,
      responses: { 200: checkoutStartedSchema },
      errors: checkoutErrors.guest,
      summary: form === "price" ? "Start a guest checkout for this tier" : "Start a guest checkout for the item",
      description: `${checkoutDescription} Without an account; limited per client address and per e-mail (429 \`rate_limited\`).`,
      tags: ["checkout"],
    },
    async ({ req, item, price, body }) => {
      await hitRateLimit(guestPerIp, clientIp(req.headers));
      await hitRateLimit(guestPerEmail, body.email);
      return checkoutFor(item, price, form, body, { user: null, email: body.email });
    },
  );
}

export const compositeCheckout = memberRoute(compositeParams, "item", "composite");
export const canonicalCheckout = memberRoute(canonicalParams, "item", "canonical");
export const priceCheckout = memberRoute(priceUidParams, "price", "price");
export const compositeGuestCheckout = guestRoute(compositeParams, "item", "composite");
export const canonicalGuestCheckout = guestRoute(canonicalParams, "item", "canonical");
export const priceGuestCheckout = guestRoute(priceUidParams, "price", "price");

// ---------------------------------------------------------------- return from Stripe

const callbackQuery = z.object({
  return_url: z.string().max(2000).optional(),
  checkout_session_id: z.string().max(255).optional(),
  stripe_checkout_id: z.string().max(255).optional(),
});

/**
 * Confirms the session with Stripe, applies it with the webhook's convergent code, then 302s
 * to return_url with email, platform_key and subscription_id.
 */
function callbackRoute<P extends z.ZodType>(params: P, form: Form) {
  return withApi(
    {
      auth: "public",
      scope: "item",
      params,
      query: callbackQuery,
      responses: { 302: null },
      errors: [502, 503],
      summary: "Return from Stripe Checkout",
      description:
        "Confirms the Checkout Session with Stripe, applies the purchase, then redirects (302) to `return_url` (or the checkout's success URL when that is not allowed) with `email`, `platform_key` and `subscription_id`. 400 when the session is not complete.",
      tags: ["checkout"],
    },
    async ({ params, query, item }) => {
      const paywall = paywallOf(item, form);
      const platform: Platform = item.platform;
      const sessionId = (params as { session?: string[] }).session?.[0] ?? query.checkout_session_id ?? query.stripe_checkout_id;
      if (!sessionId) throw new BadRequestError("checkout_session_id is required.", { errors: { checkout_session_id: ["Required."] } }, "validation_error");
      const local = await db.checkoutSession.findUnique({ where: { stripeSessionId: sessionId } });
      if (!local || local.paywallId !== paywall.id) throw new NotFoundError("Checkout session not found.");
      const { session, subscription } = await callStripe("confirm the checkout", () => applyCheckoutSession(stripe(), sessionId));
      if (session.status !== "complete") throw new BadRequestError("This checkout has not been completed.", {}, "checkout_incomplete");
      const candidates = [query.return_url, local.successUrl];
      const target = candidates.find((u): u is string => Boolean(u) && isAllowedRedirect(u!, platform)) ?? env().APP_URL;
      const url = new URL(target);
      url.searchParams.set("email", local.email ?? "");
      url.searchParams.set("platform_key", platform.key);
      if (subscription) url.searchParams.set("subscription_id", subscription.uniqueId);
      return NextResponse.redirect(url, 302);
    },
  );
}

const optionalSession = { session: z.array(z.string().max(255)).max(1).optional() };
export const compositeCallback = callbackRoute(compositeParams.extend(optionalSession), "composite");
export const canonicalCallback = callbackRoute(canonicalParams.extend(optionalSession), "canonical");
