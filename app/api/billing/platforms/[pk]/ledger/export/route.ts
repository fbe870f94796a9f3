import { ledgerExportRoute } from "@/lib/ledger/ledger-routes";

export const GET = ledgerExportRoute;

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
