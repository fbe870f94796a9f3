export { chatCompletions as POST } from "@/lib/metering-proxy/proxy-routes";
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
