import { jobStatusRoute } from "@/lib/jobs/job-routes";

export const GET = jobStatusRoute;

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
