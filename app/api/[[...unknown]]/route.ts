import { errorResponse } from "@/lib/api/with-api";

// Any /api path no route matches: clients of a JSON API get JSON, not the HTML 404 page.
function notFound() {
  return errorResponse(404, "Not found.", "not_found", {}, { "cache-control": "private, no-store" });
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE, notFound as HEAD, notFound as OPTIONS };
