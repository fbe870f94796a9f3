export { localChatCompletions as POST } from "@/lib/local-model/local-model-routes";
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
