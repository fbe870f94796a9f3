import { withApi } from "@/lib/api/with-api";
import { dashboardLink } from "@/lib/connect/onboarding";
import { platformParams } from "@/lib/connect/route-params";

export const GET = withApi({ auth: "platform-owner", params: platformParams }, async ({ platform }) => dashboardLink(platform));
