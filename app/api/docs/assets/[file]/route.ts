import { z } from "zod";
import { media } from "@/lib/api/contract";
import { withApi } from "@/lib/api/with-api";
import { NotFoundError } from "@/lib/api/errors";
import { REFERENCE_ASSETS, readReferenceAsset } from "@/lib/docs/reference-page";

export const GET = withApi(
  {
    auth: "public",
    params: z.object({ file: z.string().min(1).max(64) }),
    responses: { 200: media(["text/css", "text/javascript", "image/png"], "A static file of the API reference page.") },
    summary: "Static files of the API reference",
    tags: ["docs"],
  },
  async ({ params }) => {
    const asset = REFERENCE_ASSETS[params.file];
    if (!asset) throw new NotFoundError("No such file.");
    return new Response(new Uint8Array(await readReferenceAsset(params.file)), {
      headers: { "Content-Type": asset.type, "Cache-Control": "public, max-age=86400" },
    });
  },
);

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
