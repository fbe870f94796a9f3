import { defineConfig } from "vitest/config";
import path from "node:path";

// `server-only` marks modules that must never reach a browser bundle; Next enforces it at build
// time, and in Node (tests, scripts) it is an empty module.
const alias = { "@": path.resolve(import.meta.dirname), "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js") };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "app",
          environment: "node",
          include: ["lib/**/*.test.ts", "tests/**/*.test.ts"],
          globalSetup: ["tests/global-setup.ts"],
          setupFiles: ["tests/setup-db.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "local-stripe",
          environment: "node",
          include: ["local-stripe/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
