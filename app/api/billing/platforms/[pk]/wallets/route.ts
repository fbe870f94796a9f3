import { listWalletsRoute } from "@/lib/wallets/wallet-routes";

export const GET = listWalletsRoute;

export { corsPreflight as OPTIONS } from "@/lib/api/cors";
