import { json, withApi } from "@/lib/api/with-api";
import { platformParams } from "@/lib/api/route-params";
import { addMember, listMembers } from "@/lib/platforms/platform-admin";
import { addMemberInput, platformMemberListSchema, platformMemberSchema } from "@/lib/platforms/platform-schema";

export const GET = withApi(
  {
    auth: "operator",
    scope: "platform",
    params: platformParams,
    responses: { 200: platformMemberListSchema },
    summary: "List a platform's members",
    tags: ["operator"],
  },
  async ({ platform }) => ({ results: await listMembers(platform) }),
);

export const POST = withApi(
  {
    auth: "operator",
    scope: "platform",
    params: platformParams,
    body: addMemberInput,
    responses: { 201: platformMemberSchema },
    summary: "Add a member by e-mail, or change their role",
    description: "Someone without an account gets one and signs in by magic link.",
    tags: ["operator"],
  },
  async ({ caller, platform, body }) => json(await addMember(caller.user.id, platform, body), 201),
);

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
