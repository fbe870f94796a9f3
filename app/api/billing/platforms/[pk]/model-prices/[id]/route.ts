export { readPriceRoute as GET, updatePriceRoute as PATCH, deletePriceRoute as DELETE } from "@/lib/model-providers/model-provider-routes";
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
