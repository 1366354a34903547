// Guidelines files as GraphQL multipart requests (the spec urql's fetchExchange does not
// speak): operations + map + the file, in one FormData.
import { authHeaders } from './api-key.js';
import { guidelinesPreviewQuery, importGuidelinesMutation } from './documents.js';
import type { Brand, GuidelinesPreview } from './types.js';

export class UploadError extends Error {}

/** The server names the argument ("file: …"); the person chose a file and needs only what is wrong with it. */
const withoutArgumentName = (message: string) => message.replace(/^file: /, '');

async function sendFile<T>(query: string, field: string, file: File, endpoint: string): Promise<T> {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query, variables: { file: null } }));
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
  let body: { data?: Record<string, T | null> | null; errors?: { message: string }[] };
  try {
    body = await response.json();
  } catch {
    throw new UploadError(`The server answered ${response.status} ${response.statusText} without a GraphQL result.`);
  }
  if (body.errors?.length) throw new UploadError(body.errors.map((error) => withoutArgumentName(error.message)).join('\n'));
  const result = body.data?.[field];
  if (!result) throw new UploadError('The server sent no answer for the file.');
  return result;
}

/** What importing the file would change; saves nothing. */
export function previewGuidelines(file: File, endpoint = '/graphql'): Promise<GuidelinesPreview> {
  return sendFile<GuidelinesPreview>(guidelinesPreviewQuery, 'guidelinesPreview', file, endpoint);
}

export function importGuidelines(file: File, endpoint = '/graphql'): Promise<Brand> {
  return sendFile<Brand>(importGuidelinesMutation, 'importBrandGuidelines', file, endpoint);
}
