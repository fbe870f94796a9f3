import { compositeCallback } from "@/lib/checkout/checkout-routes";

export const GET = compositeCallback;
