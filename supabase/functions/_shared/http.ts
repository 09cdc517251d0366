// Request bodies: read with a cap on the stream itself (413 past it), malformed JSON is a 400
// bad_request, schema failures a 400 invalid_input listing every offending field.

import { fieldErrors } from "@gatherhub/contract";
import type { z } from "zod";
import { HttpError } from "./errors.ts";

/** Bodies of JSON API calls. */
export const jsonBodyLimit = 64 * 1024;

/**
 * Reads at most `limit` bytes of the body stream itself (Content-Length may be absent, as with a
 * chunked body, or wrong): past the limit it stops reading and answers 413.
 */
export async function readBody(req: Request, limit = jsonBodyLimit): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  const tooLarge = () => new HttpError(413, "payload_too_large", `The request body is larger than ${formatBytes(limit)}.`);
  if (declared > limit) throw tooLarge();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
}

function formatBytes(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}

export async function readJson<T extends z.ZodType>(req: Request, schema: T, limit = jsonBodyLimit): Promise<z.infer<T>> {
  const text = await readBody(req, limit);
  let body: unknown;
  try {
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
