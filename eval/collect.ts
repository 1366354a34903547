// Runs one campaign of the set through the public API and collects what the report needs:
// createCampaign, follow campaignEvents to the end (polling campaign(id) if the socket
// fails), then read the finished campaign once.
import { setTimeout as sleep } from 'node:timers/promises';
import { request, type ServerConnection, subscriptionClient } from './api.js';
import type { CampaignResult } from './results.js';
import type { EvalBrand, EvalCampaign } from './set.js';

const brandFields = 'id name voice tone values keywords prohibitedTopics colors';

interface ServerBrand extends EvalBrand {
  id: string;
}

const sameRules = (a: EvalBrand, b: EvalBrand) =>
  JSON.stringify([a.voice, a.tone, a.values, a.keywords, a.prohibitedTopics, a.colors.map((color) => color.toUpperCase())]) ===
  JSON.stringify([b.voice, b.tone, b.values, b.keywords, b.prohibitedTopics, b.colors.map((color) => color.toUpperCase())]);

/** The set's brands on the server, by name: created when missing, else reused as they are. */
export async function ensureBrands(
  server: ServerConnection,
  brands: EvalBrand[],
  warn: (message: string) => void,
): Promise<Map<string, string>> {
  const existing = (await request<{ brands: ServerBrand[] }>(server, `query { brands { ${brandFields} } }`)).brands;
  const ids = new Map<string, string>();
  for (const brand of brands) {
    if (ids.has(brand.name)) continue;
    const found = existing.find((candidate) => candidate.name === brand.name);
    if (found && !sameRules(found, brand)) warn(`brand "${brand.name}" exists with other rules than eval/set.ts; reusing it as it is`);
    const id =
      found?.id ??
      (
        await request<{ createBrand: { id: string } }>(server, 'mutation ($input: BrandInput!) { createBrand(input: $input) { id } }', {
          input: brand,
        })
      ).createBrand.id;
    ids.set(brand.name, id);
  }
  return ids;
}

/** Only what the harness reads from the stream: the order, the steps, the revisions and the end. */
const eventsSubscription = `subscription ($id: ID!, $after: Int, $run: Int) {
  campaignEvents(campaignId: $id, afterSeq: $after, run: $run) {
    __typename run seq
    ... on StepStarted { role attempt }
    ... on CampaignFinished { status error }
  }
}`;

interface StreamEvent {
  __typename: string;
  run: number;
  seq: number;
  role?: string;
  attempt?: number;
  status?: string;
}

const metricsFields =
  'fleschReadingEase readabilityBand keywordCoverage missingKeywords prohibitedTopicHits placeholders lengthChecks { name passed value target } seoChecks { name passed value target }';

const campaignQuery = `query ($id: ID!) { campaign(id: $id) {
  id status contentType keyphrase error durationMs revisionLimitReached draftKeptReason
  scores { brandAlignment compliance readability overallQuality }
  draftMetrics { ${metricsFields} }
  finalMetrics { ${metricsFields} }
  steps { role attempt stage status model score passed repairs durationMs firstTokenMs promptTokens completionTokens tokensPerSecond }
} }`;

type CampaignFields = Omit<CampaignResult, 'evalId' | 'brandName' | 'campaignId' | 'revisionRequests'> & { id: string };

export interface CampaignProgress {
  /** The campaign exists: from here on a Ctrl-C cancels it. */
  onCreated?(campaignId: string): void;
  /** Each step as it starts, for the harness's "still running" lines. */
  onStepStarted?(role: string, attempt: number): void;
}

export async function runEvalCampaign(
  server: ServerConnection,
  entry: EvalCampaign,
  brandId: string,
  progress: CampaignProgress = {},
): Promise<CampaignResult> {
  const input = {
    brief: entry.brief,
    targetAudience: entry.targetAudience,
    contentType: entry.contentType,
    brandId,
    ...(entry.keyphrase ? { keyphrase: entry.keyphrase } : {}),
  };
  const { createCampaign } = await request<{ createCampaign: { id: string } }>(
    server,
    'mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }',
    { input },
  );
  progress.onCreated?.(createCampaign.id);
  const revisionRequests = await followToEnd(server, createCampaign.id, progress).catch(async () => {
    await pollToEnd(server, createCampaign.id);
    return null; // the events were not all seen: the report counts revisions from the steps
  });
  const { campaign } = await request<{ campaign: CampaignFields }>(server, campaignQuery, { id: createCampaign.id });
  const { id, ...fields } = campaign;
  return { evalId: entry.id, brandName: entry.brand.name, campaignId: id, revisionRequests, ...fields };
}

/** Follows campaignEvents until it ends, resuming from the last seq after a dropped socket; returns the revision requests of the last run. */
async function followToEnd(server: ServerConnection, campaignId: string, progress: CampaignProgress): Promise<number> {
  let last = { run: undefined as number | undefined, seq: 0 };
  let revisions = 0;
  for (let reconnects = 0; ; reconnects++) {
    const client = subscriptionClient(server);
    try {
      await new Promise<void>((resolve, reject) => {
        client.subscribe<{ campaignEvents: StreamEvent }>(
          { query: eventsSubscription, variables: { id: campaignId, after: last.seq, run: last.run } },
          {
            next: (result) => {
              if (result.errors?.length) return reject(new Error(result.errors.map((error) => error.message).join('; ')));
              const event = result.data?.campaignEvents;
              if (!event) return;
              if (event.run !== last.run) revisions = 0; // a new run (retry, resume) starts its story over
              last = { run: event.run, seq: event.seq };
              if (event.__typename === 'RevisionRequested') revisions += 1;
              if (event.__typename === 'StepStarted') progress.onStepStarted?.(event.role ?? '?', event.attempt ?? 0);
            },
            error: reject,
            complete: resolve,
          },
        );
      });
      return revisions;
    } catch (error) {
      if (reconnects >= 3) throw error;
      await sleep(1000);
    } finally {
      await client.dispose();
    }
  }
}

const finished = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

async function pollToEnd(server: ServerConnection, campaignId: string): Promise<void> {
  for (;;) {
    const { campaign } = await request<{ campaign: { status: string } }>(server, 'query ($id: ID!) { campaign(id: $id) { status } }', {
      id: campaignId,
    });
    if (finished.has(campaign.status)) return;
    await sleep(2000);
  }
}

/** Stops a running campaign of the harness (Ctrl-C); one that just finished is left alone. */
export async function cancelCampaign(server: ServerConnection, campaignId: string): Promise<void> {
  await request(server, 'mutation ($id: ID!) { cancelCampaign(id: $id) { id } }', { id: campaignId }).catch(() => undefined);
}
