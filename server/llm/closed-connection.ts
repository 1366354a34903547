// A kept-alive connection the host closed while this server still counted it as open (the
// host's idle timeout ran out while the server was too busy to read its close) loses the next
// request sent on it, unanswered. That is not the host failing: the request goes out again.

/** undici's words, in the `cause` of fetch's TypeError, for a connection closed before the answer. */
const closedCodes: ReadonlySet<string> = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);
/** Each try takes a closed connection out of the pool; a few cover the connections one stall left stale. */
const tries = 3;

function closedBeforeAnswer(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return error instanceof TypeError && typeof code === 'string' && closedCodes.has(code);
}

/** fetch, sent again when its connection turns out closed before any answer. `init.body` must be reusable (a string). */
export async function fetchDespiteClosedConnections(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(input, init);
    } catch (error) {
      if (attempt >= tries || init?.signal?.aborted || !closedBeforeAnswer(error)) throw error;
    }
  }
}
