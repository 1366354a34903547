// Ad copy slots: each headline and description with its count, an over-long one marked and said so.
import { render, screen } from '@testing-library/svelte';
import { expect, it } from 'vitest';
import AdCopySlots from '../../client/src/lib/components/AdCopySlots.svelte';

it('shows each slot with its characters against the limit, and marks the ones over it', () => {
  render(AdCopySlots, {
    props: {
      slots: {
        headlines: [
          { text: 'Refill, not landfill', characters: 20, limit: 30, withinLimit: true },
          { text: 'Spring refill kits for every flat in town', characters: 41, limit: 30, withinLimit: false },
        ],
        descriptions: [{ text: 'Kits that pay for themselves.', characters: 29, limit: 90, withinLimit: true }],
      },
    },
  });
  const over = screen.getByText('41 of 30 characters, 11 too many');
  expect(over.closest('[data-testid="slot-count"]')?.textContent).toContain('41/30');
  expect(over.closest('li')?.classList.contains('over')).toBe(true);
  const fine = screen.getByText('20 of 30 characters');
  expect(fine.closest('li')?.classList.contains('over')).toBe(false);
  expect(screen.getByRole('region', { name: 'Descriptions' }).textContent).toContain('29/90');
});
