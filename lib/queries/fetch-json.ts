/** Error thrown for non-2xx API answers; carries the `{detail, code, errors}` body. */
export class ApiRequestError extends Error {
  constructor(
    public status: number,
    public detail: string,
    public errors: Record<string, string[]> = {},
    public code: string | null = null,
  ) {
    super(detail);
  }
}

/**
 * fetch() for our own JSON API. `okStatuses` lists non-2xx statuses that are data, not errors
 * (the access check answers 402 with a normal body).
 */
export async function fetchJson<T>(url: string, init: RequestInit & { json?: unknown; okStatuses?: number[] } = {}): Promise<T> {
  const { json, okStatuses = [], ...rest } = init;
  const res = await fetch(url, {
    ...rest,
    headers: { Accept: "application/json", ...(json !== undefined ? { "Content-Type": "application/json" } : {}), ...rest.headers },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
  if (res.status === 204) return undefined as T;
  const body = await res.json().catch(() => ({}));
  if (!res.ok && !okStatuses.includes(res.status)) {
    throw new ApiRequestError(res.status, body.detail ?? `Request failed (${res.status})`, body.errors ?? {}, body.code ?? null);
  }
  return body as T;
}
