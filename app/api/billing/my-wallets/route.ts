import { myWalletsRoute } from "@/lib/wallets/wallet-routes";

export const GET = myWalletsRoute;

export { corsPreflight as OPTIONS } from "@/lib/api/cors";
