import { depositRoute } from "@/lib/wallets/wallet-routes";

export const POST = depositRoute;

export { corsPreflight as OPTIONS } from "@/lib/api/cors";
