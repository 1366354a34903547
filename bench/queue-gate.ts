// Holds the server's queue so that subscribers join before the first token: every run slot
// is taken by a gate campaign whose model call hangs (the stand-in's `hang`), the measured
// campaigns wait QUEUED, and cancelling the gate campaigns starts them all at once.

import { createCampaign } from '../tests/support/campaigns.js';
import { graphqlData } from '../tests/support/graphql.js';
import { waitUntil } from './clock.js';

export const gateBrief = 'bench-gate: hold the queue';

export interface QueueGate {
  release(): Promise<void>;
}

/** Takes all `slots` run slots; `hungGateCalls` counts the gate calls the stand-in holds. */
export async function holdQueue(graphqlUrl: string, slots: number, hungGateCalls: () => Promise<number>): Promise<QueueGate> {
  const before = await hungGateCalls();
  const input = { brief: gateBrief, targetAudience: 'nobody', contentType: 'BLOG_POST' };
  const gates = await Promise.all(Array.from({ length: slots }, () => createCampaign(graphqlUrl, input)));
  await waitUntil('the gate campaigns to hold every run slot', async () => (await hungGateCalls()) - before >= slots, 10_000);
  return {
    async release() {
      const cancel = 'mutation ($id: ID!) { cancelCampaign(id: $id) { status } }';
      await Promise.all(gates.map((gate) => graphqlData(graphqlUrl, cancel, { id: gate.id })));
    },
  };
}
