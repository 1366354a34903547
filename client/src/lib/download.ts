// Export downloads: a plain link, unless an API key must go along, when the file is
// fetched with the header and handed to the browser as a blob.
import { authHeaders } from './api-key.js';

/** Hands text the page already has to the browser as a file download. */
export function saveText(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "Harbour & Co." → "harbour-co": a name as the start of a file name. */
export function fileSlug(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean)
      .slice(0, 6)
      .join('-') || 'brand'
  );
}

export async function downloadWithKey(event: MouseEvent, href: string, fileName: string): Promise<void> {
  const headers = authHeaders();
  if (!headers.authorization) return; // the link does it
  event.preventDefault();
  const response = await fetch(href, { headers });
  if (!response.ok) throw new Error(`Download failed: ${response.status} ${await response.text()}`);
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
