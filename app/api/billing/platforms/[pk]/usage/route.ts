import { usageRoute } from "@/lib/wallets/wallet-routes";

export const POST = usageRoute;

export { corsPreflight as OPTIONS } from "@/lib/api/cors";
