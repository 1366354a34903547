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
  /**
   * The attempt's whole time, from the name lookup to the last byte of the answer (headers and body
   * together): an endpoint that answers slowly, or never stops answering, is cut off here. The
   * dispatcher's claim on the delivery outlasts it (see WebhookDispatcher).
   */
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
    let settled = false;
    let deadline: NodeJS.Timeout | undefined;
    const finish = (result: AttemptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(result);
    };
    /** The status line, once it has come: a deadline after it is the answer's body not finishing. */
    let answeredStatus: number | null = null;
    const outgoing = send(
      url,
      {
        method: 'POST',
        lookup: guardedLookup(options.allowPrivate) as never,
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
        answeredStatus = response.statusCode ?? 0;
        let answer = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (answer.length < keptResponseCharacters) answer += chunk;
        });
        response.on('end', () => {
          const statusCode = response.statusCode ?? 0;
          if (statusCode >= 200 && statusCode < 300) return finish({ ok: true, statusCode, error: null });
          const said = answer.trim().slice(0, keptResponseCharacters);
          finish({ ok: false, statusCode, error: `The endpoint answered HTTP ${statusCode}${said ? `: ${said}` : ''}` });
        });
        response.on('error', (error) =>
          finish({ ok: false, statusCode: response.statusCode ?? null, error: `The answer broke off: ${error.message}` }),
        );
      },
    );
    // One deadline for the whole attempt: a socket timeout alone restarts with every byte, so an
    // endpoint sending a byte now and then would hold the attempt (and its claim) for as long as it likes.
    deadline = setTimeout(() => {
      const within = `within ${options.timeoutMs} ms (WEBHOOK_TIMEOUT_MS)`;
      finish(
        answeredStatus === null
          ? { ok: false, statusCode: null, error: `No answer from ${url.host} ${within}` }
          : {
              ok: false,
              statusCode: answeredStatus,
              error: `The endpoint answered HTTP ${answeredStatus} but did not finish its answer ${within}`,
            },
      );
      outgoing.destroy();
    }, options.timeoutMs);
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      const reason = error instanceof WebhookAddressError ? error.message : `${error.code ? `${error.code}: ` : ''}${error.message}`;
      finish({ ok: false, statusCode: null, error: `Could not reach ${url.host}: ${reason}` });
    });
    outgoing.end(body);
  });
}
