import "server-only";
import { buildOpenApiDocument, type RouteModule } from "@/lib/api/openapi";
import { authPaths } from "@/lib/auth/auth-openapi";
import { env } from "@/lib/config/env";
import pkg from "@/package.json";

let cached: { key: string; doc: ReturnType<typeof buildOpenApiDocument> } | undefined;

/** The live OpenAPI document of this deployment (built once per process: routes do not change at run time). */
export function apiDocument(routes: RouteModule[]) {
  const serverUrl = env().APP_URL;
  if (!cached || cached.key !== serverUrl) cached = { key: serverUrl, doc: buildOpenApiDocument(routes, { version: pkg.version, serverUrl, extraPaths: authPaths }) };
  return cached.doc;
}
