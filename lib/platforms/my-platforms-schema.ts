import { z } from "zod";

// The signed-in user and the platforms they can switch between. No database here: the shell's
// client components share these types.

export const myPlatformSchema = z
  .object({
    key: z.string(),
    name: z.string(),
    role: z.enum(["owner", "admin", "member", "operator"]).meta({ description: "`operator` for platforms an operator sees without a membership." }),
    enable_monetization: z.boolean(),
  })
  .meta({ id: "MyPlatform" });
export type MyPlatform = z.infer<typeof myPlatformSchema>;

export const meSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    is_operator: z.boolean(),
    platforms: z.array(myPlatformSchema),
  })
  .meta({ id: "Me" });
export type Me = z.infer<typeof meSchema>;

export const currentPlatformInput = z.object({ platform_key: z.string().min(1) });
