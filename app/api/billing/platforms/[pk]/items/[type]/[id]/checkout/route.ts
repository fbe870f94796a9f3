import { compositeCheckout } from "@/lib/checkout/checkout-routes";

export const POST = compositeCheckout;
