import { startTip } from "@/lib/tips/tip-routes";

export const POST = startTip;

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
