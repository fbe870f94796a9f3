import { myWalletRoute, patchMyWalletRoute } from "@/lib/wallets/wallet-routes";

export const GET = myWalletRoute;
export const PATCH = patchMyWalletRoute;

export { corsPreflight as OPTIONS } from "@/lib/api/cors";
