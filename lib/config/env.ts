import { z } from "zod";

// Every setting the server reads, validated once. A bad value stops the start with a message
// that names the variable.
const url = z.url({ protocol: /^https?$/ });

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  APP_URL: url.optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  NEXTAUTH_URL: url.optional(),
  NEXTAUTH_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  EMAIL_SERVER: z.string().min(1).optional(),
  EMAIL_FROM: z.string().min(3).default("Tollgate <no-reply@tollgate.local>"),
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_/, "must be a Stripe secret key (sk_test_… or sk_live_…)").optional(),
  STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_", "must start with whsec_").optional(),
  STRIPE_CONNECT_WEBHOOK_SECRET: z.string().startsWith("whsec_", "must start with whsec_").optional(),
  LOCAL_STRIPE_URL: url.optional(),
  LOCAL_STRIPE_PORT: z.coerce.number().int().min(1).max(65535).default(12111),
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  // compare every API answer with its declared contract: strict (500 on mismatch), log, off
  API_RESPONSE_CHECK: z.enum(["strict", "log", "off"]).optional(),
  // sign-in links one client address may ask for per hour (a school behind one NAT may need more)
  MAGIC_LINKS_PER_CLIENT_PER_HOUR: z.coerce.number().int().min(1).default(10),
  // outbound webhooks may go to private, loopback and link-local addresses (tests, private deployments)
  OUTBOUND_WEBHOOKS_ALLOW_PRIVATE: z.enum(["0", "1"], "must be 0 or 1").default("0").transform((v) => v === "1"),
});

export type AppEnv = z.infer<typeof envSchema> & { APP_URL: string };

export class ConfigError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): AppEnv {
  // Treat empty strings as unset, as .env files often carry `KEY=`.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  if (env.NODE_ENV === "production" && env.DATABASE_URL && !env.NEXTAUTH_SECRET) {
    throw new ConfigError("Invalid configuration:\n  NEXTAUTH_SECRET: required in production with DATABASE_URL");
  }
  const appUrl = (env.APP_URL ?? env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
  return { ...env, APP_URL: appUrl };
}

let cached: AppEnv | undefined;

export function env(): AppEnv {
  cached ??= parseEnv(process.env);
  return cached;
}

export function isEmbeddedDatabase(): boolean {
  return !env().DATABASE_URL;
}
