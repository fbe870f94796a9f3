/** A Stripe-shaped API error: thrown by handlers, rendered as `{error:{...}}`. */
export class StripeApiError extends Error {
  constructor(
    public status: number,
    public type: string,
    message: string,
    public code: string | null = null,
    public param: string | null = null,
    public extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  toJSON(): { error: Record<string, unknown> } {
    return {
      error: {
        type: this.type,
        code: this.code,
        message: this.message,
        param: this.param,
        ...this.extra,
      },
    };
  }
}

export function missing(id: string, resource: string, param = "id"): StripeApiError {
  return new StripeApiError(
    404,
    "invalid_request_error",
    `No such ${resource}: '${id}'`,
    "resource_missing",
    param,
  );
}

export function invalid(message: string, param: string | null = null, code: string | null = null): StripeApiError {
  return new StripeApiError(400, "invalid_request_error", message, code, param);
}

export function required(param: string): StripeApiError {
  return invalid(`Missing required param: ${param}.`, param, "parameter_missing");
}
