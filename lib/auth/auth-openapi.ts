import { z } from "zod";
import type { ExtraPaths } from "@/lib/api/openapi";

// next-auth serves its own browser protocol under /api/auth; these are the parts a client uses.

const error = { description: "Refused (`{detail, code}`).", content: { "application/json": { schema: z.object({ detail: z.string(), code: z.string() }).loose() } } };

export const authPaths: ExtraPaths = {
  "/api/auth/session/": {
    get: {
      operationId: "getAuthSession",
      summary: "The current browser session",
      tags: ["auth"],
      security: [],
      responses: {
        "200": {
          description: "The session, or `{}` when signed out.",
          content: { "application/json": { schema: z.looseObject({ user: z.looseObject({ email: z.string().nullable().optional() }).optional(), expires: z.string().optional() }) } },
        },
      },
    },
  },
  "/api/auth/csrf/": {
    get: {
      operationId: "getAuthCsrf",
      summary: "A CSRF token for the sign-in forms",
      tags: ["auth"],
      security: [],
      responses: { "200": { description: "OK.", content: { "application/json": { schema: z.object({ csrfToken: z.string() }) } } } },
    },
  },
  "/api/auth/providers/": {
    get: {
      operationId: "getAuthProviders",
      summary: "Sign-in methods offered",
      tags: ["auth"],
      security: [],
      responses: {
        "200": {
          description: "Provider id → its endpoints.",
          content: { "application/json": { schema: z.record(z.string(), z.looseObject({ id: z.string(), name: z.string(), type: z.string(), signinUrl: z.string(), callbackUrl: z.string() })) } },
        },
      },
    },
  },
  "/api/auth/callback/{provider}/": {
    post: {
      operationId: "postAuthCallback",
      summary: "Sign in with a password (provider `credentials`)",
      tags: ["auth"],
      security: [],
      requestParams: { path: z.object({ provider: z.string() }) },
      requestBody: {
        content: {
          "application/x-www-form-urlencoded": {
            schema: z.object({ email: z.string(), password: z.string(), csrfToken: z.string(), callbackUrl: z.string().optional(), json: z.string().optional() }),
          },
        },
      },
      responses: { "200": { description: "Signed in; the session cookie is set.", content: { "application/json": { schema: z.object({ url: z.string() }) } } }, "302": { description: "Redirect after sign-in." }, "400": error, "401": error, "429": error },
    },
  },
  "/api/auth/signout/": {
    post: {
      operationId: "postAuthSignout",
      summary: "Sign out",
      tags: ["auth"],
      security: [],
      responses: { "200": { description: "Signed out.", content: { "application/json": { schema: z.object({ url: z.string() }) } } }, "302": { description: "Redirect after sign-out." } },
    },
  },
};
