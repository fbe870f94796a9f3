import { withApi } from "@/lib/api/with-api";
import { meView } from "@/lib/platforms/my-platforms";
import { meSchema } from "@/lib/platforms/my-platforms-schema";

export const GET = withApi(
  { auth: "own-record", responses: { 200: meSchema }, summary: "Who you are and the platforms you can use", tags: ["account"] },
  async ({ caller }) => meView(caller.user, caller.isOperator),
);

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
