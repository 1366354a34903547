// What an agent's panel needs to offer "Run again from here": given once by the campaign page.
import { getContext, setContext } from 'svelte';

export interface RerunContext {
  readonly campaignId: string;
  /** The campaign is stopped (completed, failed, cancelled, rejected or waiting), so it may be rerun. */
  readonly allowed: boolean;
  /** A rerun was queued: the page follows the new run. */
  started(): void;
}

const key = Symbol('rerun');

export const provideRerun = (context: RerunContext): RerunContext => setContext(key, context);
export const rerunContext = (): RerunContext | undefined => getContext<RerunContext | undefined>(key);
