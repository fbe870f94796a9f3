import { entriesExportRoute } from "@/lib/wallets/wallet-routes";

export const GET = entriesExportRoute;

export { corsPreflight as OPTIONS } from "@/lib/api/cors";
