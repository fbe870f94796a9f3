import { unscopedAccessCheck } from "@/lib/access/access-routes";

export const GET = unscopedAccessCheck;
