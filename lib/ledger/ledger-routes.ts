import { withApi } from "@/lib/api/with-api";
import { media } from "@/lib/api/contract";
import { platformParams } from "@/lib/api/route-params";
import { ledgerExportQuery, ledgerPageSchema, ledgerQuery } from "./ledger-schema";
import { listLedger } from "./ledger-list";
import { ledgerCsvResponse } from "./ledger-export";

export const ledgerListRoute = withApi(
  {
    auth: "platform-admin",
    params: platformParams,
    query: ledgerQuery,
    responses: { 200: ledgerPageSchema },
    summary: "List the platform's ledger",
    description:
      "Append-only revenue rows (charges, refunds, disputes, fees, payouts, adjustments), newest first. Filter by kind, item and `occurred_at` (`from` inclusive, `to` exclusive; `validation_error` when `from` is after `to`).",
    tags: ["ledger"],
  },
  ({ platform, query }) => listLedger(platform.id, query),
);

export const ledgerExportRoute = withApi(
  {
    auth: "platform-admin",
    params: platformParams,
    query: ledgerExportQuery,
    responses: {
      200: media(["text/csv"], "The selected rows, oldest first, as CSV (header line; amounts as decimal strings with a `currency` column). Streamed: any number of rows."),
    },
    summary: "Export the platform's ledger as CSV",
    description:
      "The same filters as the ledger list, without paging; downloaded as `<pk>-ledger-<from>-<to>.csv`. Text cells a spreadsheet would read as a formula start with `'`.",
    tags: ["ledger"],
  },
  ({ platform, query }) => ledgerCsvResponse(platform, query),
);
