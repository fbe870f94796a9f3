// Input limits of webhook endpoints, shared by the API schema and the form (no zod here, so the
// browser bundle gets two numbers, not the server's schemas).
export const WEBHOOK_URL_MAX = 2048;
export const WEBHOOK_DESCRIPTION_MAX = 500;
