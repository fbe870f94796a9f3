import { withApi } from "@/lib/api/with-api";
import { healthReport } from "@/lib/server/health";

export const GET = withApi({ auth: "public" }, async () => healthReport());
