// Guidelines files as GraphQL multipart requests (the spec urql's fetchExchange does not
// speak): operations + map + the file, in one FormData. The query is the typed document's text,
// printed as urql prints the documents it sends.
import { stringifyDocument, type TypedDocumentNode } from '@urql/core';
import { authHeaders } from './api-key.js';
import { guidelinesPreviewQuery, importGuidelinesMutation } from './documents.js';
import type { Brand, GuidelinesPreview } from './types.js';

export class UploadError extends Error {}

/** The server names the argument ("file: …"); the person chose a file and needs only what is wrong with it. */
const withoutArgumentName = (message: string) => message.replace(/^file: /, '');

async function sendFile<Data>(document: TypedDocumentNode<Data, { file: File }>, file: File, endpoint: string): Promise<Data> {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query: stringifyDocument(document), variables: { file: null } }));
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
  let body: { data?: Data | null; errors?: { message: string }[] };
  try {
    body = await response.json();
  } catch {
    throw new UploadError(`The server answered ${response.status} ${response.statusText} without a GraphQL result.`);
  }
  if (body.errors?.length) throw new UploadError(body.errors.map((error) => withoutArgumentName(error.message)).join('\n'));
  if (!body.data) throw new UploadError('The server sent no answer for the file.');
  return body.data;
}

/** What importing the file would change; saves nothing. */
export async function previewGuidelines(file: File, endpoint = '/graphql'): Promise<GuidelinesPreview> {
  return (await sendFile(guidelinesPreviewQuery, file, endpoint)).guidelinesPreview;
}

export async function importGuidelines(file: File, endpoint = '/graphql'): Promise<Brand> {
  return (await sendFile(importGuidelinesMutation, file, endpoint)).importBrandGuidelines;
}
