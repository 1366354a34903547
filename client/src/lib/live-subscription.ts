// A subscription that survives dropped connections: on a network error it subscribes
// again after a short backoff, reading its variables afresh each time (so a campaign
// stream resumes after the last seq it applied). GraphQL errors are final.
import type { AnyVariables, Client, DocumentInput } from '@urql/core';
import { errorMessage } from './errors.js';

/** "unauthorized": the server refused the API key (or its absence); retries go on, so a key set later takes. */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'unauthorized' | 'stopped';

/** graphql-ws close codes meaning "present a valid API key". */
const unauthorizedCloseCodes = [4401, 4403];

export interface LiveSubscriptionOptions<Data, Variables extends AnyVariables> {
  client: Client;
  query: DocumentInput<Data, Variables>;
  variables: () => Variables;
  onData: (data: Data) => void;
  onError?: (message: string) => void;
  onConnection?: (state: ConnectionState) => void;
  /** Called when a subscription made after a drop delivers its first result. */
  onResumed?: () => void;
  retryDelaysMs?: readonly number[];
}

export interface LiveSubscription {
  stop(): void;
}

export const defaultRetryDelaysMs = [250, 1000, 2000, 5000] as const;

export function liveSubscription<Data, Variables extends AnyVariables>(
  options: LiveSubscriptionOptions<Data, Variables>,
): LiveSubscription {
  const delays = options.retryDelaysMs ?? defaultRetryDelaysMs;
  let drops = 0;
  let resuming = false;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let current: { unsubscribe(): void } | null = null;
  let active: object | null = null;

  const setConnection = (state: ConnectionState) => options.onConnection?.(state);

  const open = () => {
    if (stopped) return;
    const attempt = {}; // which subscription a result belongs to, even when urql answers synchronously
    active = attempt;
    setConnection(drops === 0 ? 'connecting' : 'reconnecting');
    const subscription = options.client.subscription(options.query, options.variables()).subscribe((result) => {
      if (stopped || active !== attempt) return;
      if (result.error?.networkError) return drop(result.error.networkError as { code?: number });
      if (result.error) return options.onError?.(errorMessage(result.error));
      if (result.data === undefined || result.data === null) return;
      if (resuming) {
        resuming = false;
        drops = 0;
        options.onResumed?.();
      }
      setConnection('live');
      options.onData(result.data);
    });
    if (active === attempt) current = subscription;
    else subscription.unsubscribe();
  };

  const drop = (reason: { code?: number }) => {
    active = null;
    current?.unsubscribe();
    current = null;
    const delay = delays[Math.min(drops, delays.length - 1)] ?? 1000;
    drops += 1;
    resuming = true;
    setConnection(unauthorizedCloseCodes.includes(reason.code ?? 0) ? 'unauthorized' : 'reconnecting');
    timer = setTimeout(open, delay);
  };

  open();
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      active = null;
      clearTimeout(timer);
      current?.unsubscribe();
      current = null;
      setConnection('stopped');
    },
  };
}
