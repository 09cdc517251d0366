// Request parsing with zod: malformed JSON is a 400 bad_request, schema failures a 400
// invalid_input listing every offending field.
import type { z } from "zod";
import { HttpError } from "./errors.ts";
import { fieldErrors } from "./schemas.ts";

export async function readJson<T extends z.ZodType>(req: Request, schema: T): Promise<z.infer<T>> {
  const length = Number(req.headers.get("content-length") ?? "0");
  if (length > 64 * 1024) throw new HttpError(413, "payload_too_large", "The request body is larger than 64 KiB.");
  let body: unknown;
  try {
    const text = await req.text();
    body = text ? JSON.parse(text) : {};
  } catch {
    throw new HttpError(400, "bad_request", "The request body is not valid JSON.");
  }
  return validate(schema, body);
}

export function validate<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HttpError(400, "invalid_input", "The request is invalid.", fieldErrors(parsed.error));
  return parsed.data;
}
