export { listPricesRoute as GET, createPriceRoute as POST } from "@/lib/model-providers/model-provider-routes";
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
