import { media } from "@/lib/api/contract";
import { withApi } from "@/lib/api/with-api";
import { referencePage, REFERENCE_PAGE_CSP } from "@/lib/docs/reference-page";

export const GET = withApi(
  {
    auth: "public",
    responses: { 200: media(["text/html"], "A browsable reference of this API, served by the app itself.") },
    summary: "Browsable API reference",
    tags: ["docs"],
  },
  () => new Response(referencePage(), { headers: { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": REFERENCE_PAGE_CSP } }),
);

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
