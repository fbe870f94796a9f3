import { creditsDailyRoute } from "@/lib/wallets/wallet-routes";

export const GET = creditsDailyRoute;

export { corsPreflight as OPTIONS } from "@/lib/api/cors";
