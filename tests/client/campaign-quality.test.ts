import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import CampaignHistory from '../../client/src/lib/components/CampaignHistory.svelte';
import CampaignResults from '../../client/src/lib/components/CampaignResults.svelte';
import { emptyHistoryQuery } from '../../client/src/lib/history-query.js';
import type { Campaign, CampaignSummary } from '../../client/src/lib/types.js';
import { scriptedClient, until } from './fake-server.js';
import WithClient from './WithClient.svelte';

const scores = { brandAlignment: 92, compliance: 58, readability: 88, overallQuality: 79 };
const reasons = [
  'The X post is 312 characters; X allows 280.',
  'Compliance scored 58, under the 70 you asked for: it found 1 serious issue (an unsupported health claim).',
];

function campaignOf(overrides: Partial<Campaign> = {}): Campaign {
  return {
    id: 'c1',
    name: 'Green habits',
    brief: 'Social posts about green habits',
    models: { contentCreator: null, brandManager: null, complianceOfficer: null, designValidator: null, optimizer: null },
    tone: null,
    length: 'STANDARD',
    platforms: ['X'],
    approvalGates: [],
    queuePosition: null,
    targetAudience: 'city renters',
    contentType: 'SOCIAL_MEDIA',
    keyphrase: null,
    brand: null,
    status: 'COMPLETED',
    content: '## X\nSmall swaps, big impact.',
    contentText: 'X\nSmall swaps, big impact.',
    versions: [],
    adSlots: null,
    draftMetrics: null,
    finalMetrics: null,
    draftKeptReason: null,
    scores,
    feedback: [
      {
        score: 'compliance',
        message: 'Compliance 58: the Compliance Officer gave 68 and failed the text.',
        detail: 'compliance 58: Compliance Officer score 68 (failed)',
      },
    ],
    complianceIssues: [],
    design: null,
    steps: [],
    error: null,
    needsAttention: false,
    attentionReasons: [],
    exports: { markdown: '/m', text: '/t', json: '/j', fileName: 'social-posts-about-green-habits-campaign-c1' },
    createdAt: '2025-05-01T10:00:00Z',
    startedAt: null,
    finishedAt: null,
    durationMs: 1000,
    ...overrides,
  };
}

describe('the results view', () => {
  it('shows a needs-attention block with the reasons when the quality gate says so', () => {
    renderResults(campaignOf({ needsAttention: true, attentionReasons: reasons }));
    const block = screen.getByRole('note', { name: /Needs attention/ });
    expect(
      within(block)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(reasons);
  });

  it('shows no such block for a campaign that passed', () => {
    renderResults(campaignOf());
    expect(screen.queryByRole('note', { name: /Needs attention/ })).toBeNull();
    expect(screen.queryByTestId('needs-attention')).toBeNull();
  });

  it('explains the four scores in a folded glossary, and each score in plain words with its arithmetic', () => {
    renderResults(campaignOf());
    const glossary = screen.getByTestId('score-glossary') as HTMLDetailsElement;
    expect(glossary.open).toBe(false);
    expect(within(glossary).getByText('What the scores mean')).toBeTruthy();
    expect([...glossary.querySelectorAll('dt')].map((term) => term.textContent)).toEqual([
      'Brand alignment',
      'Compliance',
      'Readability',
      'Overall quality',
    ]);
    expect(glossary.querySelectorAll('dd')).toHaveLength(4);
    expect(screen.getByText(/^Compliance 58: the Compliance Officer gave 68/)).toBeTruthy();
    expect(screen.getByText('compliance 58: Compliance Officer score 68 (failed)')).toBeTruthy();
  });

  it('names the downloads after the brief', () => {
    renderResults(campaignOf());
    const markdown = document.querySelector('[data-format="markdown"]');
    expect(markdown?.getAttribute('download')).toBe('social-posts-about-green-habits-campaign-c1.md');
  });
});

/** The results inside a urql context (editing the content sends mutations); nothing here is sent. */
function renderResults(campaign: Campaign) {
  render(WithClient, { props: { client: scriptedClient().client, component: CampaignResults, props: { campaign } } });
}

function summaryOf(id: string, overrides: Partial<CampaignSummary> = {}): CampaignSummary {
  return {
    id,
    name: `Campaign ${id}`,
    brief: `Campaign ${id}`,
    contentType: 'SOCIAL_MEDIA',
    status: 'COMPLETED',
    brand: null,
    scores,
    createdAt: '2025-05-01T10:00:00Z',
    durationMs: 1000,
    needsAttention: false,
    attentionReasons: [],
    ...overrides,
  };
}

describe('the history list', () => {
  it('marks the campaigns that need attention with a labelled badge', async () => {
    const campaigns = [summaryOf('c1', { needsAttention: true, attentionReasons: reasons }), summaryOf('c2')];
    const { client, requests } = scriptedClient(() => ({
      data: {
        campaigns: {
          totalCount: 2,
          pageInfo: { hasNextPage: false, endCursor: 'c2' },
          edges: campaigns.map((node) => ({ __typename: 'CampaignEdge', node: { __typename: 'Campaign', ...node } })),
        },
      },
    }));
    render(WithClient, {
      props: { client, component: CampaignHistory, props: { brands: [], query: emptyHistoryQuery, onQuery: () => {} } },
    });
    await until(() => document.querySelectorAll('tbody tr').length === 2);
    expect(requests[0]?.query).toContain('needsAttention');

    const flagged = document.querySelector('tr[data-campaign-id="c1"]') as HTMLElement;
    const badge = within(flagged).getByRole('img', { name: /^Needs attention/ });
    expect(badge.getAttribute('aria-label')).toContain('The X post is 312 characters');
    expect(badge.getAttribute('title')).toBe(reasons.join('\n'));
    const clean = document.querySelector('tr[data-campaign-id="c2"]') as HTMLElement;
    expect(within(clean).queryByRole('img', { name: /Needs attention/ })).toBeNull();
  });
});
