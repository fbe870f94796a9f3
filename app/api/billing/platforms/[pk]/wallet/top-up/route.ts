import { startTopUp } from "@/lib/top-up/top-up-routes";

export const POST = startTopUp;

export { corsPreflight as OPTIONS } from "@/lib/api/cors";
