// importBrandGuidelines as a GraphQL multipart request (the spec urql's fetchExchange
// does not speak): operations + map + the file, in one FormData.
import { authHeaders } from './api-key.js';
import { importGuidelinesMutation } from './documents.js';
import type { Brand } from './types.js';

export class UploadError extends Error {}

export async function importGuidelines(file: File, endpoint = '/graphql'): Promise<Brand> {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query: importGuidelinesMutation, variables: { file: null } }));
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', file, file.name);
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      body: form,
      headers: { 'graphql-require-preflight': '1', accept: 'application/graphql-response+json, application/json', ...authHeaders() },
    });
  } catch (error) {
    throw new UploadError(`Cannot reach the Content Copilot server: ${(error as Error).message}.`);
  }
  let body: { data?: { importBrandGuidelines?: Brand } | null; errors?: { message: string }[] };
  try {
    body = await response.json();
  } catch {
    throw new UploadError(`The server answered ${response.status} ${response.statusText} without a GraphQL result.`);
  }
  if (body.errors?.length) throw new UploadError(body.errors.map((error) => error.message).join('\n'));
  const brand = body.data?.importBrandGuidelines;
  if (!brand) throw new UploadError('The server returned no brand.');
  return brand;
}
