import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "@/lib/config/env";

describe("configuration", () => {
  it("names the variable that is wrong", () => {
    expect(() => parseEnv({ PORT: "http" })).toThrow(ConfigError);
    expect(() => parseEnv({ PORT: "http" })).toThrow(/PORT/);
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: must start with postgres/);
    expect(() => parseEnv({ STRIPE_SECRET_KEY: "pk_test_123" })).toThrow(/STRIPE_SECRET_KEY/);
    expect(() => parseEnv({ APP_URL: "not a url" })).toThrow(/APP_URL/);
  });

  it("has embedded defaults and derives APP_URL from PORT", () => {
    const env = parseEnv({ PORT: "4123" });
    expect(env.APP_URL).toBe("http://localhost:4123");
    expect(env.DATA_DIR).toBe(".data");
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.LOCAL_STRIPE_PORT).toBe(12111);
    expect(parseEnv({ APP_URL: "https://shop.example.com/" }).APP_URL).toBe("https://shop.example.com");
    expect(parseEnv({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });

  it("requires NEXTAUTH_SECRET for a production deployment on PostgreSQL", () => {
    expect(() => parseEnv({ NODE_ENV: "production", DATABASE_URL: "postgres://db/x" })).toThrow(/NEXTAUTH_SECRET/);
    expect(() => parseEnv({ NODE_ENV: "production", DATABASE_URL: "postgres://db/x", NEXTAUTH_SECRET: "0123456789abcdef0123" })).not.toThrow();
  });
});
