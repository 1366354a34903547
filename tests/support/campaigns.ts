// Campaign helpers over the real API: create, follow events over graphql-ws or SSE, wait for the end.
import type { Client } from 'graphql-ws';
import { graphqlData, type Json, wsClient } from './graphql.js';

export const eventFields = `
  __typename run seq campaignId at
  ... on StepStarted { role attempt model stage }
  ... on TokenChunk { role attempt text chunks }
  ... on ThinkingChunk { role attempt text }
  ... on StepCompleted { role attempt stepStatus score passed feedback promptTokens completionTokens durationMs error }
  ... on RevisionRequested { round score feedback }
  ... on RevisionLimitReached { rounds score feedback }
  ... on DraftKept { reason }
  ... on ScoresUpdated { stage scores { brandAlignment compliance readability overallQuality } explanations { score message } }
  ... on ApprovalRequested { gate content }
  ... on ApprovalDecided { gate decision by edited note refinement }
  ... on CampaignFinished { status error }
`;

export const campaignEventsSubscription = `subscription ($id: ID!, $after: Int, $run: Int) { campaignEvents(campaignId: $id, afterSeq: $after, run: $run) { ${eventFields} } }`;

export interface CampaignEventData {
  __typename: string;
  run: number;
  seq: number;
  campaignId: string;
  role?: string;
  attempt?: number;
  text?: string;
  status?: string;
  error?: string | null;
  score?: number | null;
  stage?: string;
  [field: string]: unknown;
}

export const campaignFields = `id status contentType content error brief keyphrase
  scores { brandAlignment compliance readability overallQuality }
  feedback { score message }
  complianceIssues { severity description suggestion }
  design { imageTypes { type description } palette { hex role } typography layout }
  draftMetrics { fleschReadingEase wordCount scores { readability overallQuality } }
  finalMetrics { fleschReadingEase wordCount similarity similarityMethod seoChecks { name passed } lengthChecks { name passed } scores { readability overallQuality } }
  revisionLimitReached draftKeptReason
  steps { role attempt stage status model output rawOutput repairs score passed feedback promptTokens completionTokens durationMs error }
  exports { markdown text json }`;

export async function createCampaign(url: string, input: Record<string, unknown>): Promise<{ id: string; status: string }> {
  const data = await graphqlData(url, 'mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id status } }', { input });
  return data.createCampaign;
}

export async function getCampaign(url: string, id: string): Promise<Json> {
  const data = await graphqlData(url, `query ($id: ID!) { campaign(id: $id) { ${campaignFields} } }`, { id });
  return data.campaign;
}

/** Collects a campaign's events over graphql-ws until the stream ends. */
export function followEvents(
  client: Client,
  id: string,
  afterSeq = 0,
  onEvent?: (event: CampaignEventData) => void,
  run?: number,
): Promise<CampaignEventData[]> {
  return new Promise((resolve, reject) => {
    const events: CampaignEventData[] = [];
    client.subscribe<{ campaignEvents: CampaignEventData }>(
      { query: campaignEventsSubscription, variables: { id, after: afterSeq, run } },
      {
        next: (result) => {
          if (result.errors) return reject(new Error(JSON.stringify(result.errors)));
          const event = result.data?.campaignEvents;
          if (event) {
            events.push(event);
            onEvent?.(event);
          }
        },
        error: reject,
        complete: () => resolve(events),
      },
    );
  });
}

/** Collects a campaign's events over Server-Sent Events until the stream ends. */
export async function followOverSse(
  graphqlUrl: string,
  id: string,
  afterSeq = 0,
  onEvent?: (event: CampaignEventData) => void,
  run?: number,
): Promise<CampaignEventData[]> {
  const url = new URL(graphqlUrl);
  url.searchParams.set('query', campaignEventsSubscription);
  url.searchParams.set('variables', JSON.stringify({ id, after: afterSeq, run }));
  const response = await fetch(url, { headers: { accept: 'text/event-stream' } });
  if (!response.headers.get('content-type')?.includes('text/event-stream')) {
    throw new Error(`not an event stream: ${response.status} ${await response.text()}`);
  }
  const events: CampaignEventData[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let boundary = buffer.indexOf('\n\n');
    while (boundary !== -1) {
      const message = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      const data = message.split('\n').find((line) => line.startsWith('data: '));
      if (message.startsWith('event: complete')) return events;
      if (data) {
        const result = JSON.parse(data.slice(6));
        if (result.errors) throw new Error(JSON.stringify(result.errors));
        events.push(result.data.campaignEvents);
        onEvent?.(result.data.campaignEvents);
      }
      boundary = buffer.indexOf('\n\n');
    }
  }
  return events;
}

/** Follows a campaign to its end over a fresh WebSocket connection. */
export async function runToEnd(graphqlUrl: string, id: string): Promise<CampaignEventData[]> {
  const client = wsClient(graphqlUrl);
  try {
    return await followEvents(client, id);
  } finally {
    await client.dispose();
  }
}

/** Seqs run 1, 2, 3 ... with no gap or repeat. */
export function assertGapFree(events: CampaignEventData[], from = 1): boolean {
  return events.every((event, index) => event.seq === from + index);
}

/** True once: at the event that brings the role's streamed chunks to `count` (an event may carry several). */
export function whenChunksReach(role: string, count: number): (event: CampaignEventData) => boolean {
  let chunks = 0;
  return (event) => {
    if (event.__typename !== 'TokenChunk' || event.role !== role || chunks >= count) return false;
    chunks += Number(event.chunks ?? 1);
    return chunks >= count;
  };
}

/** Each (role, attempt)'s streamed text, joined. */
export function streamedText(events: CampaignEventData[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const event of events) {
    if (event.__typename !== 'TokenChunk') continue;
    const key = `${event.role}#${event.attempt}`;
    texts.set(key, (texts.get(key) ?? '') + event.text);
  }
  return texts;
}

/** Which agent sent a chat request to the stand-in, read from its system prompt. */
export function agentOf(request: { messages: { role: string; content: string }[] }): string {
  const system = request.messages.find((message) => message.role === 'system')?.content.toLowerCase() ?? '';
  if (system.includes('brand manager')) return 'BRAND_MANAGER';
  if (system.includes('compliance officer')) return 'COMPLIANCE_OFFICER';
  if (system.includes('visual designer')) return 'DESIGN_VALIDATOR';
  if (system.includes('copy editor')) return 'OPTIMIZER';
  return 'CONTENT_CREATOR';
}

export const blogInput = {
  brief: 'A blog post about sustainable living for urban millennials',
  targetAudience: 'urban millennials',
  contentType: 'BLOG_POST',
  keyphrase: 'sustainable living',
};
