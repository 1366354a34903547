// Ad copy as the ad platform lays it out: headline and description slots, each with its characters
// counted as the length checks count them, against the platform's limit.
import type { Campaign } from '../campaigns/store.js';
import { parseAdCopy } from '../scoring/formats.js';
import { LENGTH_LIMITS } from '../scoring/length-limits.js';
import { characterCount, stripMarkdown } from '../scoring/text.js';
import { builder } from './builder.js';
import { CampaignRef } from './campaign.js';

interface AdSlot {
  text: string;
  characters: number;
  limit: number;
}

interface AdSlots {
  headlines: AdSlot[];
  descriptions: AdSlot[];
}

const slot = (text: string, limit: number): AdSlot => ({ text, characters: characterCount(stripMarkdown(text)), limit });

export function adSlotsOf(content: string): AdSlots {
  const ad = parseAdCopy(content);
  return {
    headlines: ad.headlines.map((text) => slot(text, LENGTH_LIMITS.adHeadline)),
    descriptions: ad.descriptions.map((text) => slot(text, LENGTH_LIMITS.adDescription)),
  };
}

const AdSlotRef = builder.objectRef<AdSlot>('AdSlot').implement({
  fields: (t) => ({
    text: t.exposeString('text'),
    characters: t.exposeInt('characters', { description: 'Characters as the ad platform shows them (Markdown removed).' }),
    limit: t.exposeInt('limit'),
    withinLimit: t.boolean({ resolve: (adSlot) => adSlot.characters <= adSlot.limit }),
  }),
});

const AdSlotsRef = builder.objectRef<AdSlots>('AdSlots').implement({
  description: 'A responsive search ad: its headline and description slots.',
  fields: (t) => ({
    headlines: t.field({ type: [AdSlotRef], resolve: (slots) => slots.headlines }),
    descriptions: t.field({ type: [AdSlotRef], resolve: (slots) => slots.descriptions }),
  }),
});

builder.objectField(CampaignRef, 'adSlots', (t) =>
  t.field({
    type: AdSlotsRef,
    nullable: true,
    description: 'Ad copy campaigns with content: the current text as headline and description slots; null otherwise.',
    resolve: (campaign: Campaign) => (campaign.contentType === 'AD_COPY' && campaign.content !== null ? adSlotsOf(campaign.content) : null),
  }),
);
