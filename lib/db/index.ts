import "server-only";
export { db, dbHandle, closeDb, type Db } from "./client";
export * from "./generated/client";
