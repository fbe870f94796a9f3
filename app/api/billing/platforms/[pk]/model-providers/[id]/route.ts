export { readProviderRoute as GET, updateProviderRoute as PATCH, deleteProviderRoute as DELETE } from "@/lib/model-providers/model-provider-routes";
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
