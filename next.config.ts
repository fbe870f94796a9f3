import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./lib/security/security-headers";

// next-auth builds callback URLs from NEXTAUTH_URL; default it to the public origin.
process.env.NEXTAUTH_URL ??= process.env.APP_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;

const securityHeaders = Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value }));

const nextConfig: NextConfig = {
  // /api/x/ and /api/x reach the same handler, without a redirect
  skipTrailingSlashRedirect: true,
  poweredByHeader: false,
  // loaded from node_modules at run time: they ship WebAssembly or native-style entry points
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/schema-engine-wasm",
    "@prisma/driver-adapter-utils",
    "@prisma/adapter-pg",
    "pg",
    "bcryptjs",
    "nodemailer",
    // one copy of the SDK for start-up code and every route bundle
    "stripe",
    // the API reference's static files are read from the package at run time
    "swagger-ui-dist",
  ],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
