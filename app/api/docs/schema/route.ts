import { z } from "zod";
import { stringify } from "yaml";
import { media } from "@/lib/api/contract";
import { withApi } from "@/lib/api/with-api";
import { apiDocument } from "@/lib/docs/api-document";
import { ROUTES } from "../../route-manifest";

const openApiDocument = z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) });

export const GET = withApi(
  {
    auth: "public",
    query: z.object({ format: z.enum(["json", "yaml"]).default("json") }),
    responses: { 200: media(["application/json", "application/yaml"], "The OpenAPI 3.1 document of this API.", openApiDocument) },
    summary: "The OpenAPI 3.1 schema of this API",
    description: "Generated from the declarations the server enforces; validate clients against it. `?format=yaml` for YAML.",
    tags: ["docs"],
  },
  ({ query }) => {
    const doc = apiDocument(ROUTES);
    const headers = { "Cache-Control": "public, max-age=60" };
    if (query.format === "yaml") return new Response(stringify(doc, { aliasDuplicateObjects: false }), { headers: { ...headers, "Content-Type": "application/yaml; charset=utf-8" } });
    return Response.json(doc, { headers });
  },
);

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
