import { getWalletRoute, patchWalletRoute } from "@/lib/wallets/wallet-routes";

export const GET = getWalletRoute;
export const PATCH = patchWalletRoute;

export { corsPreflight as OPTIONS } from "@/lib/api/cors";
