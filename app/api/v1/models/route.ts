export { listModels as GET } from "@/lib/metering-proxy/proxy-routes";
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
