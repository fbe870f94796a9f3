import { checkoutSessionStatusRoute } from "@/lib/checkout/session-status";

export const GET = checkoutSessionStatusRoute;
