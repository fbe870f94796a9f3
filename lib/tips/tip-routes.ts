import "server-only";
import { withApi } from "@/lib/api/with-api";
import { compositeParams } from "@/lib/api/route-params";
import { clientIp } from "@/lib/security/client-ip";
import { hitRateLimit } from "@/lib/security/rate-limit";
import { createTip } from "./create-tip";
import { tipInput, tipStartedSchema } from "./tip-schema";

export const TIPS_PER_IP = 30;
const tipsPerIp = { name: "tip:ip", points: TIPS_PER_IP, durationSeconds: 600 };

export const startTip = withApi(
  {
    auth: "public",
    scope: "item",
    params: compositeParams,
    body: tipInput,
    responses: { 200: tipStartedSchema },
    errors: [403, 429, 502, 503],
    summary: "Tip the creator",
    description:
      "Starts a Stripe Checkout Session for a one-time tip of the buyer's chosen amount to the item's creator (a destination charge with the item's commission as application fee). " +
      "A tip grants no access and is recorded in the ledger as kind `tip`. A signed-in browser session's e-mail is used; otherwise (guests, API tokens) `email` is required. " +
      "Bounds: 1.00–1000.00 in two-decimal currencies, 1.000–1000.000 in three-decimal ones, 100–100000 in zero-decimal ones (jpy). " +
      "Refusals carry a `code`: `tips_disabled`, `not_sellable`, `amount_out_of_range` (with `minimum`, `maximum`), `validation_error` (400); 404 when the item does not exist; " +
      "429 `rate_limited` per client address; Stripe failures answer 502/503 `stripe_unavailable` with nothing stored.",
    tags: ["tips"],
  },
  async ({ req, caller, item, body }) => {
    await hitRateLimit(tipsPerIp, clientIp(req.headers));
    // an API token speaks for the platform's server, not for the tipper: it must send `email`
    return createTip({ item, user: caller?.via === "session" ? caller.user : null, input: body });
  },
);
