import { canonicalAccessCheck } from "@/lib/access/access-routes";

export const GET = canonicalAccessCheck;
