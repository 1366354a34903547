// The dashboard chart: dates along the bottom, scores switched from the legend, each campaign a link.
import { fireEvent, render, screen } from '@testing-library/svelte';
import { expect, it } from 'vitest';
import ScoreChart from '../../client/src/lib/components/ScoreChart.svelte';
import type { CampaignSummary } from '../../client/src/lib/types.js';

const campaign = (id: string, day: number, overall: number): CampaignSummary => ({
  id,
  name: `Campaign ${id}`,
  brief: `Brief ${id}`,
  contentType: 'EMAIL',
  status: 'COMPLETED',
  brand: null,
  scores: { brandAlignment: 80, compliance: 90, readability: 70, overallQuality: overall },
  createdAt: new Date(Date.UTC(2026, 10, day, 12)).toISOString(),
  durationMs: 1000,
  needsAttention: false,
  attentionReasons: [],
});

it('dates the campaigns, lets the legend hide scores, and links each campaign', async () => {
  const campaigns = [campaign('a', 1, 60), campaign('b', 5, 70), campaign('c', 9, 80)];
  const { container } = render(ScoreChart, { props: { campaigns } });
  const dates = [...container.querySelectorAll('[data-testid="date-tick"]')].map((tick) => tick.textContent);
  expect(dates).toEqual(
    campaigns.map((entry) => new Date(entry.createdAt).toLocaleDateString(undefined, { day: 'numeric', month: 'short' })),
  );
  expect(container.querySelectorAll('polyline')).toHaveLength(4);

  for (const name of ['Brand alignment', 'Compliance', 'Readability']) await fireEvent.click(screen.getByRole('button', { name }));
  expect(container.querySelectorAll('polyline')).toHaveLength(1);
  expect(screen.getByRole('button', { name: 'Overall quality' }).getAttribute('aria-pressed')).toBe('true');
  // The last score shown stays: a chart with no line says nothing.
  await fireEvent.click(screen.getByRole('button', { name: 'Overall quality' }));
  expect(container.querySelectorAll('polyline')).toHaveLength(1);

  const link = screen.getByRole('link', { name: /^Campaign b, .*Overall quality 70\. Open the campaign\.$/ });
  expect(link.getAttribute('href')).toBe('#/campaigns/b');
  expect(screen.getAllByRole('link')).toHaveLength(3);
});
