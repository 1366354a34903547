// Reading a REST request's body within MAX_REQUEST_BODY_BYTES (413 past it), as JSON or a form.
import { RestFailure } from './errors.js';

const tooLarge = (limit: number) =>
  new RestFailure('REQUEST_ENTITY_TOO_LARGE', `The request body is larger than ${limit} bytes (MAX_REQUEST_BODY_BYTES).`);

function mediaType(request: Request): string {
  return request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
}

function checkDeclaredLength(request: Request, limit: number): void {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > limit) throw tooLarge(limit);
}

/** The body as JSON; 415 unless it is sent as application/json, 400 when it is not a JSON object. */
export async function readJsonBody(request: Request, limit: number): Promise<unknown> {
  if (mediaType(request) !== 'application/json') {
    throw new RestFailure('UNSUPPORTED_MEDIA_TYPE', 'Send the request body as JSON, with "Content-Type: application/json".');
  }
  checkDeclaredLength(request, limit);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of (request.body ?? []) as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
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

/** The multipart form's file part `field`; the fetch API's form limits stop a file over MAX_UPLOAD_BYTES (413). */
export async function readUploadedFile(request: Request, field: string, limit: number): Promise<File> {
  if (mediaType(request) !== 'multipart/form-data') {
    throw new RestFailure('UNSUPPORTED_MEDIA_TYPE', `Send the file as multipart/form-data, in a part named "${field}".`);
  }
  checkDeclaredLength(request, limit);
  let form: FormData;
  try {
    form = await request.formData();
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
