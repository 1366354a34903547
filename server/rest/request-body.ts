// Reading a REST request's body within MAX_REQUEST_BODY_BYTES (413 past it), as JSON or a form.
import { sizeInWords } from '../security/limits.js';
import { RestFailure } from './errors.js';

const tooLarge = (limit: number) =>
  new RestFailure(
    'REQUEST_ENTITY_TOO_LARGE',
    `The request body is over its limit of ${sizeInWords(limit)} (${limit} bytes, MAX_REQUEST_BODY_BYTES); send a smaller one.`,
  );

function mediaType(request: Request): string {
  return request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
}

function checkDeclaredLength(request: Request, limit: number): void {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > limit) throw tooLarge(limit);
}

/** Reads what is left of a body and drops it, so that the connection ends its request cleanly. */
async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  try {
    while (!(await reader.read()).done) {}
  } catch {
    // The client went away: nothing left to read.
  }
}

/**
 * The body's bytes, 413 past `limit`. A chunked body says no length up front, so it is found too
 * large only while read; the stream is then drained, not cancelled: cancelling destroys the
 * request and its socket, and the client would see the connection drop instead of the 413.
 * Node's HTTP_REQUEST_TIMEOUT_MS still bounds how long a client may go on sending.
 */
async function readBytesWithin(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  checkDeclaredLength(request, limit);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > limit) {
      void discardRest(reader);
      throw tooLarge(limit);
    }
    chunks.push(read.value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The body as JSON; 415 unless it is sent as application/json, 400 when it is not a JSON object. */
export async function readJsonBody(request: Request, limit: number): Promise<unknown> {
  if (mediaType(request) !== 'application/json') {
    throw new RestFailure('UNSUPPORTED_MEDIA_TYPE', 'Send the request body as JSON, with "Content-Type: application/json".');
  }
  const text = new TextDecoder().decode(await readBytesWithin(request, limit));
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new RestFailure('BAD_REQUEST', 'The request body is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RestFailure('BAD_REQUEST', 'The request body must be a JSON object.');
  }
  return body;
}

/**
 * The multipart form's file part `field`, from a body within `limit`; the fetch API's form limits
 * stop a file over MAX_UPLOAD_BYTES (413).
 */
export async function readUploadedFile(request: Request, field: string, limit: number): Promise<File> {
  if (mediaType(request) !== 'multipart/form-data') {
    throw new RestFailure('UNSUPPORTED_MEDIA_TYPE', `Send the file as multipart/form-data, in a part named "${field}".`);
  }
  const bytes = await readBytesWithin(request, limit);
  // The server's own Request class: it carries the form limits (security/limits.ts).
  const RequestOfServer = request.constructor as typeof Request;
  let form: FormData;
  try {
    form = await new RequestOfServer(request.url, { method: request.method, headers: request.headers, body: bytes }).formData();
  } catch (error) {
    const message = (error as Error).message;
    if (/size limit exceeded/i.test(message)) {
      throw new RestFailure(
        'REQUEST_ENTITY_TOO_LARGE',
        `${field}: the file is too large (${message.replace(/^.*?: /, 'limit ')}, MAX_UPLOAD_BYTES).`,
        {
          problems: [{ field, rule: 'is too large' }],
        },
      );
    }
    throw new RestFailure('BAD_REQUEST', `The multipart body could not be read: ${message}`);
  }
  const file = form.get(field);
  if (typeof file === 'string' || file === null) {
    throw new RestFailure('BAD_USER_INPUT', `${field}: is required, as a file part of the form`, {
      problems: [{ field, rule: 'is required, as a file part of the form' }],
    });
  }
  return file;
}
