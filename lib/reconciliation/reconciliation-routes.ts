import { withApi } from "@/lib/api/with-api";
import { platformParams } from "@/lib/api/route-params";
import { reconcile } from "./reconcile";
import { RECONCILIATION_MAX_DAYS, reconciliationQuery, reconciliationSchema } from "./reconciliation-schema";

export const reconciliationRoute = withApi(
  {
    auth: "platform-admin",
    params: platformParams,
    query: reconciliationQuery,
    responses: { 200: reconciliationSchema },
    errors: [503],
    summary: "Reconcile the ledger with Stripe",
    description:
      "Compares every ledger row of the sales in [from, to) — charges, commission, refunds, transfers, disputes, payouts — with Stripe, " +
      `and lists the differences (none expected). At most ${RECONCILIATION_MAX_DAYS} days per call (400 \`range_too_long\`); 503 when Stripe cannot be read.`,
    tags: ["reconciliation"],
  },
  ({ platform, query }) => reconcile(platform, query),
);
