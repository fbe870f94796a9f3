import { z } from "zod";

export const platformParams = z.object({ pk: z.string().min(1) });
