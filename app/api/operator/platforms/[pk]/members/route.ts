import { z } from "zod";
import { json, withApi } from "@/lib/api/with-api";
import { addMember, addMemberInput, listMembers } from "@/lib/platforms/platform-admin";

const params = z.object({ pk: z.string() });

export const GET = withApi({ auth: "operator", params }, async ({ params }) => ({ results: await listMembers(params.pk) }));

export const POST = withApi({ auth: "operator", params, body: addMemberInput }, async ({ caller, params, body }) =>
  json(await addMember(caller.user.id, params.pk, body), 201),
);
