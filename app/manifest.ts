import type { MetadataRoute } from "next";

// Served as /manifest.webmanifest; Next.js links it from every page. Icons live in public/.
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "Tollgate",
    short_name: "Tollgate",
    description: "Sell AI agents, courses, programs and pathways behind paywalls, paid through Stripe Connect.",
    start_url: "/",
    scope: "/",
    display: "standalone",
    // brand blue (--brand in app/globals.css) and the page background
    theme_color: "#0058cc",
    background_color: "#ffffff",
    icons: [
      { src: "/icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" },
      { src: "/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icon-maskable-192.png", sizes: "192x192", type: "image/png", purpose: "maskable" },
      { src: "/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
