import { scopedAccessCheck } from "@/lib/access/access-routes";

export const GET = scopedAccessCheck;
