import { z } from "zod";
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import type { Paywall, Platform } from "@/lib/db";
import { json, withApi } from "@/lib/api/with-api";
import { BadRequestError, NotFoundError } from "@/lib/api/errors";
import { env } from "@/lib/config/env";
import { canonicalParams, compositeParams, isUuid } from "@/lib/paywalls/item-ref";
import { isAllowedRedirect } from "@/lib/security/redirect-guard";
import { clientIp } from "@/lib/security/client-ip";
import { hitRateLimit } from "@/lib/security/rate-limit";
import { stripe } from "@/lib/stripe/client";
import { callStripe } from "@/lib/stripe/errors";
import { applyCheckoutSession } from "@/lib/subscriptions/apply-purchase";
import { createCheckout, guestCheckoutInput, memberCheckoutInput, sellablePrice } from "./create-checkout";

export const GUEST_CHECKOUTS_PER_IP = 30;
export const GUEST_CHECKOUTS_PER_EMAIL = 10;
const GUEST_WINDOW_SECONDS = 600;
const guestPerIp = { name: "guest-checkout:ip", points: GUEST_CHECKOUTS_PER_IP, durationSeconds: GUEST_WINDOW_SECONDS };
const guestPerEmail = { name: "guest-checkout:email", points: GUEST_CHECKOUTS_PER_EMAIL, durationSeconds: GUEST_WINDOW_SECONDS };

type Item = { platform: Platform; paywall: Paywall };

async function byComposite(p: z.infer<typeof compositeParams>): Promise<Item> {
  const paywall = await db.paywall.findFirst({
    where: { platform: { key: p.pk }, itemType: p.type, itemId: p.id },
    include: { platform: true },
  });
  if (!paywall) throw new NotFoundError("Paywall configuration not found.");
  const { platform, ...row } = paywall;
  return { platform, paywall: row };
}

/** Canonical buyer routes answer 404 for a disabled paywall, before any Stripe call. */
async function byUid(uid: string): Promise<Item> {
  const paywall = isUuid(uid) ? await db.paywall.findUnique({ where: { uniqueId: uid }, include: { platform: true } }) : null;
  if (!paywall || !paywall.isEnabled) throw new NotFoundError("Paywall configuration not found.");
  const { platform, ...row } = paywall;
  return { platform, paywall: row };
}

async function byPriceUid(priceUid: string): Promise<Item & { priceUid: string }> {
  const price = isUuid(priceUid)
    ? await db.price.findUnique({ where: { uniqueId: priceUid }, include: { paywall: { include: { platform: true } } } })
    : null;
  if (!price || !price.paywall.isEnabled) throw new NotFoundError("Paywall configuration not found.");
  const { platform, ...paywall } = price.paywall;
  return { platform, paywall, priceUid };
}

async function guestLimits(req: Request, email: string) {
  await hitRateLimit(guestPerIp, clientIp(req.headers));
  await hitRateLimit(guestPerEmail, email);
}

function memberRoute<P extends z.ZodType>(params: P, resolve: (p: z.output<P>) => Promise<Item & { priceUid?: string }>) {
  return withApi({ auth: "user", params, body: memberCheckoutInput }, async ({ caller, params, body }) => {
    const item = await resolve(params as z.output<P>);
    // a token only ever sees the platform it was minted for
    if (caller.tokenPlatformId && caller.tokenPlatformId !== item.platform.id) throw new NotFoundError("Paywall configuration not found.");
    const price = await sellablePrice(item.paywall, item.priceUid ?? body.price_id);
    return json(
      await createCheckout({ ...item, price, buyer: { user: caller.user, email: caller.user.email }, successUrl: body.success_url, cancelUrl: body.cancel_url }),
    );
  });
}

function guestRoute<P extends z.ZodType>(params: P, resolve: (p: z.output<P>) => Promise<Item & { priceUid?: string }>) {
  return withApi({ auth: "public", params, body: guestCheckoutInput }, async ({ req, params, body }) => {
    await guestLimits(req, body.email);
    const item = await resolve(params as z.output<P>);
    const price = await sellablePrice(item.paywall, item.priceUid ?? body.price_id);
    return json(await createCheckout({ ...item, price, buyer: { user: null, email: body.email }, successUrl: body.success_url, cancelUrl: body.cancel_url }));
  });
}

const priceParams = z.object({ price_uid: z.string().min(1) });

export const compositeCheckout = memberRoute(compositeParams, byComposite);
export const canonicalCheckout = memberRoute(canonicalParams, (p) => byUid(p.uid));
export const priceCheckout = memberRoute(priceParams, (p) => byPriceUid(p.price_uid));
export const compositeGuestCheckout = guestRoute(compositeParams, byComposite);
export const canonicalGuestCheckout = guestRoute(canonicalParams, (p) => byUid(p.uid));
export const priceGuestCheckout = guestRoute(priceParams, (p) => byPriceUid(p.price_uid));

// ---------------------------------------------------------------- return from Stripe

const callbackQuery = z.object({
  return_url: z.string().max(2000).optional(),
  checkout_session_id: z.string().optional(),
  stripe_checkout_id: z.string().optional(),
});

/**
 * Confirms the session with Stripe, applies it with the webhook's convergent code, then 302s
 * to return_url with email, platform_key and subscription_id.
 */
function callbackRoute<P extends z.ZodType>(params: P, resolve: (p: z.output<P>) => Promise<Item>) {
  return withApi({ auth: "public", params, query: callbackQuery }, async ({ params, query }) => {
    const raw = params as z.output<P> & { session?: string[] };
    const item = await resolve(raw);
    const sessionId = raw.session?.[0] ?? query.checkout_session_id ?? query.stripe_checkout_id;
    if (!sessionId) throw new BadRequestError("checkout_session_id is required.");
    const local = await db.checkoutSession.findUnique({ where: { stripeSessionId: sessionId } });
    if (!local || local.paywallId !== item.paywall.id) throw new NotFoundError("Checkout session not found.");
    const { session, subscription } = await callStripe("confirm the checkout", () => applyCheckoutSession(stripe(), sessionId));
    if (session.status !== "complete") throw new BadRequestError("This checkout has not been completed.");
    const candidates = [query.return_url, local.successUrl];
    const target = candidates.find((u): u is string => Boolean(u) && isAllowedRedirect(u!, item.platform)) ?? env().APP_URL;
    const url = new URL(target);
    url.searchParams.set("email", local.email ?? "");
    url.searchParams.set("platform_key", item.platform.key);
    if (subscription) url.searchParams.set("subscription_id", subscription.uniqueId);
    return NextResponse.redirect(url, 302);
  });
}

const optionalSession = { session: z.array(z.string()).max(1).optional() };
export const compositeCallback = callbackRoute(compositeParams.extend(optionalSession), byComposite);
export const canonicalCallback = callbackRoute(canonicalParams.extend(optionalSession), (p) => byUid(p.uid));
