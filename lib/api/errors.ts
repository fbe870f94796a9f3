// Domain errors carry the HTTP status and the machine-readable `code` the API answers with; the
// route wrapper maps them to `{detail, code, ...extra}`.
export class ApiError extends Error {
  constructor(
    public status: number,
    public detail: string,
    public extra: Record<string, unknown> = {},
    public code: string = "error",
  ) {
    super(detail);
  }
}

export class BadRequestError extends ApiError {
  constructor(detail: string, extra: Record<string, unknown> = {}, code = "bad_request") {
    super(400, detail, extra, code);
  }
}

export class ValidationError extends ApiError {
  constructor(errors: Record<string, string[]>, detail = "Invalid request.") {
    super(400, detail, { errors }, "validation_error");
  }
}

export class UnauthorizedError extends ApiError {
  constructor(detail = "Authentication credentials were not provided.") {
    super(401, detail, {}, "not_authenticated");
  }
}

export class ForbiddenError extends ApiError {
  constructor(detail = "You do not have permission to perform this action.", code = "permission_denied") {
    super(403, detail, {}, code);
  }
}

export class NotFoundError extends ApiError {
  constructor(detail = "Not found.") {
    super(404, detail, {}, "not_found");
  }
}

export class ConflictError extends ApiError {
  constructor(detail: string, extra: Record<string, unknown> = {}, code = "conflict") {
    super(409, detail, extra, code);
  }
}

export class PayloadTooLargeError extends ApiError {
  constructor(limitBytes: number) {
    super(413, `Request body is larger than ${Math.round(limitBytes / 1024)} KB.`, {}, "payload_too_large");
  }
}

/** Stripe (or another upstream) failed; nothing was written. */
export class UpstreamError extends ApiError {
  constructor(detail: string, status: 502 | 503 | 504 = 502, code = "upstream_error") {
    super(status, detail, {}, code);
  }
}
