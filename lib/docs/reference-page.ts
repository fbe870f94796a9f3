import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import getAbsoluteFSPath from "swagger-ui-dist/absolute-path.js";

// The browsable API reference: Swagger UI from its npm package, served by the app (deployments
// may be offline, so no CDN), pointed at the live schema.

export const REFERENCE_ASSETS: Record<string, { type: string; source?: string }> = {
  "swagger-ui.css": { type: "text/css; charset=utf-8" },
  "swagger-ui-bundle.js": { type: "text/javascript; charset=utf-8" },
  "favicon-32x32.png": { type: "image/png" },
  "init.js": { type: "text/javascript; charset=utf-8", source: "inline" },
};

// the page's own start-up script: a file of ours so the CSP needs no inline script
const INIT_SCRIPT = `window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/docs/schema/",
    dom_id: "#reference",
    deepLinking: true,
    tryItOutEnabled: false,
    withCredentials: true,
  });
});
`;

// the package is external to the server bundle (next.config.ts), so this is its real folder
const packageDir = (): string => getAbsoluteFSPath();

export async function readReferenceAsset(file: string): Promise<Buffer> {
  if (file === "init.js") return Buffer.from(INIT_SCRIPT);
  return fs.readFile(path.join(packageDir(), file));
}

export const REFERENCE_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // Swagger UI sets inline styles on its elements
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export function referencePage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tollgate API reference</title>
<link rel="icon" type="image/png" href="/api/docs/assets/favicon-32x32.png">
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
<main id="reference"><noscript>The reference needs JavaScript. The schema itself is at <a href="/api/docs/schema/">/api/docs/schema/</a>.</noscript></main>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/assets/init.js"></script>
</body>
</html>
`;
}
