import { entriesRoute } from "@/lib/wallets/wallet-routes";

export const GET = entriesRoute;

export { corsPreflight as OPTIONS } from "@/lib/api/cors";
