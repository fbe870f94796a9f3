import { getCreditSettingsRoute, patchCreditSettingsRoute } from "@/lib/wallets/wallet-routes";

export const GET = getCreditSettingsRoute;
export const PATCH = patchCreditSettingsRoute;

export { corsPreflight as OPTIONS } from "@/lib/api/cors";
