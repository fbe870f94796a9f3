import "server-only";
import { withApi } from "@/lib/api/with-api";
import { platformParams } from "@/lib/api/route-params";
import { BadRequestError } from "@/lib/api/errors";
import { db } from "@/lib/db";
import { topUpInput, topUpStartedSchema } from "@/lib/credit-packs/credit-pack-schema";
import { withIdempotency } from "@/lib/idempotency/idempotency";
import { resolveWalletUser } from "@/lib/wallets/wallet-user";
import { createTopUp } from "./create-top-up";

export const startTopUp = withApi(
  {
    auth: "user",
    scope: "platform",
    params: platformParams,
    body: topUpInput,
    responses: { 200: topUpStartedSchema },
    errors: [409, 502, 503],
    summary: "Top up a wallet with a credit pack",
    description:
      "Starts a Stripe Checkout Session for a credit pack (a destination charge with the platform's commission as application fee, recorded in the ledger as a `charge` of item type `credit_pack`). " +
      "Once paid, the webhook adds the pack's credits to the wallet exactly once. A signed-in browser session tops up its own wallet; " +
      "a platform API token must name the wallet's owner in `user` (a Tollgate user id or the platform's external id, mapped on first use) and send an `Idempotency-Key` header: " +
      "a replay within 24 h answers the first response (`Idempotent-Replayed: true`), the same key with another body 409 `idempotency_key_reused`. " +
      "Refusals carry a `code`: `pack_inactive`, `not_sellable`, `validation_error`, `idempotency_key_required` (400); 404 when the pack does not exist; " +
      "Stripe failures answer 502/503 `stripe_unavailable` with nothing stored.",
    tags: ["credit-packs"],
  },
  async ({ req, caller, platform, body }) => {
    if (caller.via === "session") {
      if (body.user && body.user !== caller.user.id) {
        throw new BadRequestError("A signed-in session tops up its own wallet.", { errors: { user: ["Only API tokens name the wallet's owner."] } }, "validation_error");
      }
      return createTopUp({ platform, user: caller.user, input: body });
    }
    const ref = body.user;
    if (!ref) throw new BadRequestError("user is required with an API token.", { errors: { user: ["Required with an API token."] } }, "validation_error");
    return withIdempotency(req, platform.id, "wallet.top_up", body, async () => {
      const { userId } = await resolveWalletUser(platform.id, ref, { create: true });
      const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
      return { status: 200, body: await createTopUp({ platform, user, input: body }) };
    });
  },
);
