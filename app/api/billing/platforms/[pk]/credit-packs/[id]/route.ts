import { deletePack, readPack, updatePack } from "@/lib/credit-packs/credit-pack-routes";

export const GET = readPack;
export const PATCH = updatePack;
export const DELETE = deletePack;

export { corsPreflight as OPTIONS } from "@/lib/api/cors";
