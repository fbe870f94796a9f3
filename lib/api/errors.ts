// Domain errors carry the HTTP status the API answers with; the route wrapper maps them.
export class ApiError extends Error {
  constructor(
    public status: number,
    public detail: string,
    public extra: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

export class BadRequestError extends ApiError {
  constructor(detail: string, extra: Record<string, unknown> = {}) {
    super(400, detail, extra);
  }
}

export class ValidationError extends ApiError {
  constructor(errors: Record<string, string[]>, detail = "Invalid request.") {
    super(400, detail, { errors });
  }
}

export class UnauthorizedError extends ApiError {
  constructor(detail = "Authentication credentials were not provided.") {
    super(401, detail);
  }
}

export class ForbiddenError extends ApiError {
  constructor(detail = "You do not have permission to perform this action.") {
    super(403, detail);
  }
}

export class NotFoundError extends ApiError {
  constructor(detail = "Not found.") {
    super(404, detail);
  }
}

export class ConflictError extends ApiError {
  constructor(detail: string, extra: Record<string, unknown> = {}) {
    super(409, detail, extra);
  }
}

/** Stripe (or another upstream) failed; nothing was written. */
export class UpstreamError extends ApiError {
  constructor(detail: string, status: 502 | 503 | 504 = 502) {
    super(status, detail);
  }
}
