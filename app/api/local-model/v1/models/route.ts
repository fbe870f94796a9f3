export { localModels as GET } from "@/lib/local-model/local-model-routes";
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
