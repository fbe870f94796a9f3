import { withApi } from "@/lib/api/with-api";
import { platformParams } from "@/lib/api/route-params";
import { notificationSettingsInput, notificationSettingsSchema } from "@/lib/notifications/notification-settings-schema";
import { getNotificationSettings, updateNotificationSettings } from "@/lib/notifications/notification-settings";

export const GET = withApi(
  {
    auth: "platform-admin",
    scope: "platform",
    params: platformParams,
    responses: { 200: notificationSettingsSchema },
    summary: "Owners' e-mail notifications",
    description: "Whether the platform's owners are e-mailed on a new sale, a refund and a dispute. Owners and admins may read them.",
    tags: ["notifications"],
  },
  async ({ platform, role }) => getNotificationSettings(platform, role),
);

export const PATCH = withApi(
  {
    auth: "platform-owner",
    scope: "platform",
    params: platformParams,
    body: notificationSettingsInput,
    responses: { 200: notificationSettingsSchema },
    summary: "Turn owners' e-mail notifications on or off",
    description: "Owner only. Settings left out of the body stay as they are; answers all of them. Buyers' receipts and notices are not affected.",
    tags: ["notifications"],
  },
  async ({ platform, role, body }) => updateNotificationSettings(platform, role, body),
);

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
