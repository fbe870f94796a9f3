import { canonicalPriceDetail } from "@/lib/prices/canonical-price-routes";

export const { GET, PUT, PATCH, DELETE } = canonicalPriceDetail;
