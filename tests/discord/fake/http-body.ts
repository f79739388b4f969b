/**
 * Reads a REST request body the way Discord would: JSON, or multipart/form-data (what discord.js
 * sends once files are attached) whose `payload_json` part carries the JSON and whose other parts
 * are the files.
 */
import type { IncomingMessage } from 'node:http';

export interface UploadedFile {
  /** The form field, `files[0]` and so on. */
  field: string;
  name: string;
  size: number;
  contentType: string;
}

export interface RequestBody {
  /** Parsed JSON (or `payload_json`); undefined for an empty body. */
  json: unknown;
  files: UploadedFile[];
  /** Set when the body could not be read as Discord expects; the request is answered 400. */
  error?: string;
}

export async function readBody(request: IncomingMessage): Promise<RequestBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  if (raw.length === 0) return { json: undefined, files: [] };
  const contentType = request.headers['content-type'] ?? '';
  if (contentType.startsWith('application/json')) {
    try {
      return { json: JSON.parse(raw.toString('utf8')), files: [] };
    } catch (error) {
      return { json: undefined, files: [], error: `body is not valid JSON: ${(error as Error).message}` };
    }
  }
  if (contentType.startsWith('multipart/form-data')) return readMultipart(raw, contentType);
  return { json: undefined, files: [], error: `unsupported content-type "${contentType}" (Discord takes JSON or multipart/form-data)` };
}

async function readMultipart(raw: Buffer, contentType: string): Promise<RequestBody> {
  let form: FormData;
  try {
    // undici's multipart parser (behind Request#formData) is the same code discord.js's REST client builds bodies with.
    form = await new Request('http://fake.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
  } catch (error) {
    return { json: undefined, files: [], error: `multipart body could not be parsed: ${(error as Error).message}` };
  }
  const files: UploadedFile[] = [];
  let json: unknown;
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') {
      if (field !== 'payload_json') continue;
      try {
        json = JSON.parse(value);
      } catch (error) {
        return { json: undefined, files: [], error: `payload_json is not valid JSON: ${(error as Error).message}` };
      }
    } else {
      files.push({ field, name: value.name, size: value.size, contentType: value.type });
    }
  }
  return { json, files };
}
