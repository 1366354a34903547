// One attempt to deliver: a signed POST of the recorded body, to an address the guard allows.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { addressRefusal, guardedLookup, parseWebhookUrl, WebhookAddressError } from './address-guard.js';
import { signatureFor, signatureHeader } from './signature.js';
import type { WebhookDelivery, WebhookEndpoint } from './store.js';

export interface AttemptResult {
  ok: boolean;
  statusCode: number | null;
  /** What went wrong, in words for the user who reads the delivery. */
  error: string | null;
}

export interface SendOptions {
  allowPrivate: boolean;
  timeoutMs: number;
}

/** How much of a failing endpoint's answer is kept as the error. */
const keptResponseCharacters = 200;

export async function sendDelivery(endpoint: WebhookEndpoint, delivery: WebhookDelivery, options: SendOptions): Promise<AttemptResult> {
  let url: URL;
  try {
    url = parseWebhookUrl(endpoint.url);
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    // Node connects to an IP address without a lookup, so the guard checks it here.
    const refusal = isIP(literal) ? addressRefusal(literal, options.allowPrivate) : null;
    if (refusal) throw new WebhookAddressError(`is refused: ${refusal} (WEBHOOK_ALLOW_PRIVATE is off)`);
  } catch (error) {
    return { ok: false, statusCode: null, error: `Not sent: the URL ${(error as Error).message}.` };
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const body = Buffer.from(delivery.payload, 'utf8');
  return new Promise<AttemptResult>((resolve) => {
    const outgoing = send(
      url,
      {
        method: 'POST',
        lookup: guardedLookup(options.allowPrivate) as never,
        timeout: options.timeoutMs,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'content-length': String(body.length),
          'user-agent': 'ContentCopilot-Webhooks/1',
          'x-copilot-event': delivery.event,
          'x-copilot-delivery': delivery.id,
          [signatureHeader]: signatureFor(endpoint.secret, delivery.payload),
        },
      },
      (response) => {
        let answer = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (answer.length < keptResponseCharacters) answer += chunk;
        });
        response.on('end', () => {
          const statusCode = response.statusCode ?? 0;
          if (statusCode >= 200 && statusCode < 300) return resolve({ ok: true, statusCode, error: null });
          const said = answer.trim().slice(0, keptResponseCharacters);
          resolve({ ok: false, statusCode, error: `The endpoint answered HTTP ${statusCode}${said ? `: ${said}` : ''}` });
        });
        response.on('error', (error) =>
          resolve({ ok: false, statusCode: response.statusCode ?? null, error: `The answer broke off: ${error.message}` }),
        );
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      const reason = error instanceof WebhookAddressError ? error.message : `${error.code ? `${error.code}: ` : ''}${error.message}`;
      resolve({ ok: false, statusCode: null, error: `Could not reach ${url.host}: ${reason}` });
    });
    outgoing.end(body);
  });
}
