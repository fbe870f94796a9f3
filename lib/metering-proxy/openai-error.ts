// Errors in the shape OpenAI clients parse, {error: {message, type, param, code}}, with the
// project's own `detail` and `code` beside it so every error body of the API reads the same.

export const PROXY_ERROR_STATUSES = [400, 401, 403, 404, 409, 413, 422, 429, 502] as const;

export function openAiError(status: number, message: string, type: string, code: string | null, headers?: HeadersInit): Response {
  return Response.json({ error: { message, type, param: null, code }, detail: message, code: code ?? type }, { status, headers });
}
