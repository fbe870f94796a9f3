import { decisionsRoute } from "@/lib/access/decision-routes";

export const POST = decisionsRoute;

export { corsPreflight as OPTIONS } from "@/lib/api/cors";
