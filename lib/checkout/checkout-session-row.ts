import "server-only";
import crypto from "node:crypto";
import type Stripe from "stripe";
import { db } from "@/lib/db";
import type { Platform, Prisma } from "@/lib/db";
import { BadRequestError, UpstreamError } from "@/lib/api/errors";
import { isAllowedRedirect } from "@/lib/security/redirect-guard";
import { stripe } from "@/lib/stripe/client";
import { callStripe } from "@/lib/stripe/errors";
import type { CheckoutStarted } from "./checkout-schema";

// What a purchase checkout and a tip checkout do alike: refuse redirects off the platform, start
// the Stripe session idempotently, and store our checkout row once Stripe has answered.

/** 400 `validation_error` when a success or cancel URL is neither this app nor one of the platform's domains. */
export function checkRedirects(platform: Platform, urls: { success_url?: string | null; cancel_url?: string | null }) {
  const errors: Record<string, string[]> = {};
  for (const field of ["success_url", "cancel_url"] as const) {
    const url = urls[field];
    if (url && !isAllowedRedirect(url, platform)) errors[field] = ["Must be on this app's origin or one of the platform's domains."];
  }
  if (Object.keys(errors).length) throw new BadRequestError("Redirect URL is not allowed.", { errors }, "validation_error");
}

/**
 * Creates the Checkout Session and stores our row for it; nothing is stored unless Stripe succeeded.
 * The idempotency key is `${keyPrefix}:${minute}:${fingerprint of params}`: the same request within
 * the minute replays the same session, any change to the params is a new one.
 */
export async function startCheckoutSession(args: {
  platform: Platform;
  params: Stripe.Checkout.SessionCreateParams;
  /** what the Stripe call is for, in errors ("start the checkout") */
  what: string;
  keyPrefix: string;
  row: Omit<Prisma.CheckoutSessionCreateManyInput, "stripeSessionId" | "platformId">;
}): Promise<CheckoutStarted> {
  const { platform, params } = args;
  const minute = Math.floor(Date.now() / 60_000);
  const fingerprint = crypto.createHash("sha256").update(JSON.stringify(params)).digest("hex").slice(0, 16);
  const key = `${args.keyPrefix}:${minute}:${fingerprint}`;
  let session = await callStripe(args.what, () => stripe().checkout.sessions.create(params, { idempotencyKey: key }));
  // a replay answers the session as it was created, even once it is paid or expired (bought, canceled
  // and bought again within the minute): our row knows, and such a session is no page to send the buyer to
  const known = await db.checkoutSession.findUnique({ where: { stripeSessionId: session.id }, select: { status: true } });
  if (known && known.status !== "open") {
    session = await callStripe(args.what, () => stripe().checkout.sessions.create(params, { idempotencyKey: `${key}:${crypto.randomUUID()}` }));
  }
  if (!session.url) throw new UpstreamError("Stripe did not return a checkout page.");

  // a double click reaches here twice with the same session: the second insert finds the first
  await db.checkoutSession.createMany({
    skipDuplicates: true,
    data: [{ ...args.row, stripeSessionId: session.id, platformId: platform.id }],
  });
  return { checkout_url: session.url, session_id: session.id, platform_key: platform.key };
}
