export { itemChat as POST } from "@/lib/metering-proxy/item-chat-route";
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
