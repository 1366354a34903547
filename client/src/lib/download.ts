// Export downloads: a plain link, unless an API key must go along, when the file is
// fetched with the header and handed to the browser as a blob.
import { authHeaders } from './api-key.js';

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
