import { describe, expect, it } from 'vitest';
import { followCampaign } from '../../client/src/lib/campaign-follower.js';
import { type CampaignRun, emptyRun, foldEvents } from '../../client/src/lib/campaign-run.js';
import type { ConnectionState } from '../../client/src/lib/live-subscription.js';
import { campaignId, numbered, runWithRevision } from './events.js';
import { droppedConnection, opened, scriptedClient, until } from './fake-server.js';

const send = (call: { sink: { next(value: unknown): void } }, events: ReturnType<typeof runWithRevision>) => {
  for (const event of events) call.sink.next({ data: { campaignEvents: event } });
};

describe('following a campaign across a dropped connection', () => {
  it('resubscribes with afterSeq = the last seq applied and ends with the same run as an unbroken stream', async () => {
    const events = runWithRevision();
    const { client, subscriptions } = scriptedClient();
    let run: CampaignRun = emptyRun;
    const states: ConnectionState[] = [];
    const follower = followCampaign({
      client,
      campaignId,
      onRun: (next) => (run = next),
      onConnection: (state) => states.push(state),
      retryDelaysMs: [10],
    });

    await until(() => subscriptions.length === 1);
    expect(subscriptions[0]?.variables).toEqual({ campaignId, afterSeq: 0, run: null });
    send(opened(subscriptions, 0), events.slice(0, 10)); // the Content Creator is halfway through its revision
    await until(() => run.lastSeq === 10);
    opened(subscriptions, 0).sink.error(droppedConnection);

    await until(() => subscriptions.length === 2);
    expect(subscriptions[1]?.variables).toEqual({ campaignId, afterSeq: 10, run: 1 });
    expect(states).toContain('reconnecting');
    send(opened(subscriptions, 1), events.slice(10));
    await until(() => run.finished !== null);

    expect(run).toEqual(foldEvents(emptyRun, events));
    expect(follower.run).toBe(run);
    expect(states.at(-1)).toBe('stopped'); // nothing left to follow after CampaignFinished
    expect(subscriptions[1]?.closed).toBe(true);
  });

  it('drops the events a server repeats after a silent resubscribe', async () => {
    const events = runWithRevision();
    const { client, subscriptions } = scriptedClient();
    let run: CampaignRun = emptyRun;
    let updates = 0;
    followCampaign({
      client,
      campaignId,
      onRun: (next) => {
        run = next;
        updates += 1;
      },
    });
    await until(() => subscriptions.length === 1);
    send(opened(subscriptions, 0), events.slice(0, 12));
    send(opened(subscriptions, 0), events); // from seq 1 again, as a socket-level retry with the first afterSeq would
    await until(() => run.finished !== null);
    expect(updates).toBe(events.length);
    expect(run).toEqual(foldEvents(emptyRun, events));
  });

  const restartedRun = () =>
    // After the restart: attempt 1 was interrupted; run 2 starts with attempt 2.
    numbered(
      [
        { __typename: 'StepStarted', role: 'CONTENT_CREATOR', attempt: 2, model: 'mistral', stage: 'DRAFT' },
        { __typename: 'TokenChunk', role: 'CONTENT_CREATOR', attempt: 2, text: '# Fresh', chunks: 1 },
        { __typename: 'TokenChunk', role: 'CONTENT_CREATOR', attempt: 2, text: ' start', chunks: 1 },
        { __typename: 'TokenChunk', role: 'CONTENT_CREATOR', attempt: 2, text: ' here', chunks: 1 },
        { __typename: 'CampaignFinished', status: 'FAILED', error: 'stopped for the test' },
      ],
      1,
      2,
    );

  it('resumes with its run, and folds a newer run from its first event', async () => {
    const before = runWithRevision().slice(0, 3); // Content Creator attempt 1, two chunks in
    const after = restartedRun();
    const { client, subscriptions } = scriptedClient();
    let run: CampaignRun = emptyRun;
    followCampaign({ client, campaignId, onRun: (next) => (run = next), retryDelaysMs: [1] });
    await until(() => subscriptions.length === 1);
    send(opened(subscriptions, 0), before);
    await until(() => run.lastSeq === 3);
    opened(subscriptions, 0).sink.error(droppedConnection);
    await until(() => subscriptions.length === 2);
    expect(opened(subscriptions, 1).variables).toMatchObject({ afterSeq: 3, run: 1 });
    // The server has started run 2 since, so it answers from that run's first event.
    send(opened(subscriptions, 1), after);
    await until(() => run.finished !== null);
    expect(run).toEqual(foldEvents(emptyRun, after));
    expect(subscriptions).toHaveLength(2);
  });

  it('folds again from seq 0 when a stream is out of step with the run', async () => {
    const before = runWithRevision().slice(0, 3); // Content Creator attempt 1, two chunks in
    const after = numbered([
      { __typename: 'StepStarted', role: 'CONTENT_CREATOR', attempt: 2, model: 'mistral', stage: 'DRAFT' },
      { __typename: 'TokenChunk', role: 'CONTENT_CREATOR', attempt: 2, text: '# Fresh', chunks: 1 },
      { __typename: 'TokenChunk', role: 'CONTENT_CREATOR', attempt: 2, text: ' start', chunks: 1 },
      { __typename: 'TokenChunk', role: 'CONTENT_CREATOR', attempt: 2, text: ' here', chunks: 1 },
      { __typename: 'CampaignFinished', status: 'FAILED', error: 'stopped for the test' },
    ]);
    const { client, subscriptions } = scriptedClient();
    let run: CampaignRun = emptyRun;
    followCampaign({ client, campaignId, onRun: (next) => (run = next), retryDelaysMs: [1] });
    await until(() => subscriptions.length === 1);
    send(opened(subscriptions, 0), before);
    await until(() => run.lastSeq === 3);
    opened(subscriptions, 0).sink.error(droppedConnection);
    await until(() => subscriptions.length === 2);
    expect(opened(subscriptions, 1).variables.afterSeq).toBe(3);
    send(opened(subscriptions, 1), after.slice(3)); // seq 4 of a stream numbered afresh: a chunk of an attempt never started here
    await until(() => subscriptions.length === 3);
    expect(opened(subscriptions, 2).variables.afterSeq).toBe(0);
    send(opened(subscriptions, 2), after);
    await until(() => run.finished !== null);
    expect(run).toEqual(foldEvents(emptyRun, after));
  });

  it('reports a GraphQL error (an unknown campaign) without retrying', async () => {
    const { client, subscriptions } = scriptedClient();
    let error = '';
    followCampaign({ client, campaignId: 'nope', onRun: () => {}, onError: (message) => (error = message), retryDelaysMs: [1] });
    await until(() => subscriptions.length === 1);
    opened(subscriptions, 0).sink.error([{ message: 'Campaign "nope" was not found', extensions: { code: 'NOT_FOUND' } }]);
    await until(() => error !== '');
    expect(error).toBe('Campaign "nope" was not found');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(subscriptions).toHaveLength(1);
  });
});
