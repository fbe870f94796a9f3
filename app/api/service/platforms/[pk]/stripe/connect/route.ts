import { withApi } from "@/lib/api/with-api";
import { disconnect } from "@/lib/connect/onboarding";
import { platformParams } from "@/lib/connect/route-params";

export const DELETE = withApi({ auth: "platform-owner", params: platformParams }, async ({ platform, caller }) =>
  disconnect(platform, caller.user),
);
