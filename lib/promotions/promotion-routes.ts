import "server-only";
import { z } from "zod";
import { withApi, json } from "@/lib/api/with-api";
import { pageQuery } from "@/lib/api/pagination";
import { platformParams, priceUidParams } from "@/lib/api/route-params";
import { clientIp } from "@/lib/security/client-ip";
import { hitRateLimit } from "@/lib/security/rate-limit";
import { createPromotionCode, listPromotionCodes, readPromotionCode, setPromotionCodeActive } from "./promotion-codes";
import { createPromotionCodeInput, promotionCodePageSchema, promotionCodeSchema, quoteInput, quoteSchema, updatePromotionCodeInput } from "./promotion-schema";
import { quotePrice } from "./quote";

// The promotion-code API of a platform (owners and admins) and the public price quote.

const codeParams = platformParams.extend({ id: z.string().min(1).max(255).meta({ description: "The promotion code's id." }) });

const CREATE_REFUSALS =
  "400 `validation_error` for a malformed body (code pattern, percent_off or amount_off + currency, duration_in_months only for repeating, expires_at in the future), `unknown_target` when an item of applies_to has no paywall on this platform (or was never on sale) or a plan does not exist; 409 `promotion_code_taken` when the code (regardless of case) already exists on the platform, active or not.";

const CHECK_REFUSALS =
  "400 `promotion_code_invalid` (unknown or inactive), `promotion_code_expired`, `promotion_code_exhausted` (max_redemptions reached), `promotion_code_not_applicable` (not for this item or plan, a fixed amount in another currency, or a one-time total left below Stripe's minimum charge), `promotion_code_already_used` (once per customer), `promotion_code_first_purchase_only`, each with `errors.promotion_code`.";

export const listPromotionCodesRoute = withApi(
  {
    auth: "platform-admin", scope: "platform", tags: ["promotion-codes"],
    params: platformParams,
    query: pageQuery,
    responses: { 200: promotionCodePageSchema },
    summary: "List the platform's promotion codes",
    description: "Newest first, active or not, with how many completed purchases used each.",
  },
  ({ platform, query }) => listPromotionCodes(platform, query),
);

export const createPromotionCodeRoute = withApi(
  {
    auth: "platform-admin", scope: "platform", tags: ["promotion-codes"],
    params: platformParams,
    body: createPromotionCodeInput,
    responses: { 201: promotionCodeSchema },
    errors: [409, 502, 503],
    summary: "Create a promotion code",
    description:
      "Creates a Stripe coupon and promotion code on the operator's account (restricted to the Stripe products of applies_to, if any) and records it. Buyers enter the code on the buy page or the paywall dialog; each customer may use it once. " +
      CREATE_REFUSALS,
  },
  async ({ platform, body, caller }) => json(await createPromotionCode(platform, body, caller.user), 201),
);

export const readPromotionCodeRoute = withApi(
  { auth: "platform-admin", scope: "platform", tags: ["promotion-codes"], params: codeParams, responses: { 200: promotionCodeSchema }, summary: "Read a promotion code" },
  ({ platform, params }) => readPromotionCode(platform, params.id),
);

export const updatePromotionCodeRoute = withApi(
  {
    auth: "platform-admin", scope: "platform", tags: ["promotion-codes"],
    params: codeParams,
    body: updatePromotionCodeInput,
    responses: { 200: promotionCodeSchema },
    errors: [502, 503],
    summary: "Deactivate or reactivate a promotion code",
    description: "`{active: false}` stops the code at once (on Stripe too); `{active: true}` brings it back unless it expired (400 `promotion_code_expired`).",
  },
  ({ platform, params, body, caller }) => setPromotionCodeActive(platform, params.id, body, caller.user),
);

export const deactivatePromotionCodeRoute = withApi(
  {
    auth: "platform-admin", scope: "platform", tags: ["promotion-codes"],
    params: codeParams,
    responses: { 204: null },
    errors: [502, 503],
    summary: "Deactivate a promotion code",
    description: "Codes are never deleted, so their redemptions stay countable: this deactivates it, on Stripe too.",
  },
  async ({ platform, params, caller }) => {
    await setPromotionCodeActive(platform, params.id, { active: false }, caller.user);
  },
);

export const QUOTES_PER_IP = 60;
const quotePerIp = { name: "price-quote:ip", points: QUOTES_PER_IP, durationSeconds: 600 };

export const quoteRoute = withApi(
  {
    auth: "public", scope: "price", tags: ["promotion-codes"],
    params: priceUidParams,
    body: quoteInput,
    responses: { 200: quoteSchema },
    errors: [403, 429],
    summary: "Price a tier with a promotion code",
    description:
      `What the first payment of this tier comes to with the code, as checkout will charge it (decimal strings). A pay-what-you-want tier needs \`amount\` within its bounds (400 \`amount_out_of_range\`, with \`minimum\` and \`maximum\`); a fixed tier takes none, or its own amount (400 \`amount_not_adjustable\`). A tier that cannot be bought answers 404. Signed in, the caller's e-mail is checked for once-per-customer and first-purchase codes; signed out, \`email\` may be given for that. Limited to ${QUOTES_PER_IP} per 10 minutes per client address (429 \`rate_limited\`). ` +
      CHECK_REFUSALS,
  },
  async ({ req, caller, item, price, body }) => {
    await hitRateLimit(quotePerIp, clientIp(req.headers));
    const buyer = caller ? { userId: caller.user.id, email: caller.user.email } : { userId: null, email: body.email ?? null };
    return quotePrice({ platform: item.platform, paywall: item.paywall, price, code: body.promotion_code, amount: body.amount, buyer });
  },
);
