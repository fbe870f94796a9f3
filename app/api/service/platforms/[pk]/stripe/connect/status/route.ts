import { z } from "zod";
import { withApi } from "@/lib/api/with-api";
import { connectStatus } from "@/lib/connect/connect-status";
import { platformParams } from "@/lib/connect/route-params";

const query = z.object({ refresh: z.enum(["1", "true", "0", "false"]).optional() });

export const GET = withApi({ auth: "platform-admin", params: platformParams, query }, async ({ platform, role, query }) =>
  connectStatus(platform, role, { refresh: query.refresh === "1" || query.refresh === "true" }),
);
