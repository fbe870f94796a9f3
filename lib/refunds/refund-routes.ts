import { withApi, json } from "@/lib/api/with-api";
import { platformParams } from "@/lib/api/route-params";
import { createRefund } from "./create-refund";
import { refundInput, refundSchema } from "./refund-schema";

export const createRefundRoute = withApi(
  {
    auth: "platform-admin",
    params: platformParams,
    body: refundInput,
    responses: { 202: refundSchema },
    errors: [409, 502, 503],
    summary: "Refund a charge",
    description:
      "Refunds all (no `amount`) or part of a ledger `charge` through Stripe, taking back the commission and the connected account's share. " +
      "Answers 202 with Stripe's refund: the ledger's negative row follows from Stripe's charge.refunded event. " +
      "400 `refund_exceeds_charge` when more than what is left is asked, `not_refundable` for rows that are not charges. " +
      "Repeating a request (same entry, amount and `idempotency_key`; without a key, within 10 minutes) answers the refund already made.",
    tags: ["refunds"],
  },
  async ({ platform, caller, body }) => json(await createRefund(platform, { id: caller.user.id }, body), 202),
);
