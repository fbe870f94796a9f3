export { db, dbHandle, closeDb, type Db } from "./client";
export { Prisma } from "./generated/client";
export type * from "./generated/models";
