import { myEntriesRoute } from "@/lib/wallets/wallet-routes";

export const GET = myEntriesRoute;

export { corsPreflight as OPTIONS } from "@/lib/api/cors";
