import { withApi, json } from "@/lib/api/with-api";
import { listApiTokens, mintApiToken, mintTokenInput } from "@/lib/auth/api-tokens";

export const GET = withApi({ auth: "user", sessionOnly: true }, async ({ caller }) => ({
  results: await listApiTokens(caller.user.id),
}));

export const POST = withApi({ auth: "user", sessionOnly: true, body: mintTokenInput }, async ({ caller, body }) =>
  json(await mintApiToken(caller.user.id, body, caller.isOperator), 201),
);
