import { createPack, listPacks } from "@/lib/credit-packs/credit-pack-routes";

export const GET = listPacks;
export const POST = createPack;

export { corsPreflight as OPTIONS } from "@/lib/api/cors";
