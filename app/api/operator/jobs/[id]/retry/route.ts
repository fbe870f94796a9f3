import { jobRetryRoute } from "@/lib/jobs/job-routes";

export const POST = jobRetryRoute;

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
