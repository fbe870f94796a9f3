import { withApi, json } from "@/lib/api/with-api";
import { apiTokenList, listApiTokens, mintApiToken, mintedApiToken, mintTokenInput } from "@/lib/auth/api-tokens";

export const GET = withApi(
  { auth: "own-record", sessionOnly: true, responses: { 200: apiTokenList }, summary: "List your API tokens", tags: ["tokens"] },
  async ({ caller }) => ({ results: await listApiTokens(caller.user.id) }),
);

export const POST = withApi(
  {
    auth: "own-record",
    sessionOnly: true,
    body: mintTokenInput,
    responses: { 201: mintedApiToken },
    errors: [404],
    summary: "Mint an API token for one of your platforms",
    tags: ["tokens"],
  },
  async ({ caller, body }) => json(await mintApiToken(caller.user.id, body, caller.isOperator), 201),
);

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
