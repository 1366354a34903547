// Where a cached result came from.
import { builder } from './builder.js';
import { CampaignRef } from './campaign.js';

builder.objectFields(CampaignRef, (t) => ({
  cachedFrom: t.field({
    type: CampaignRef,
    nullable: true,
    description:
      'The campaign whose result this one was served from (an identical earlier request); null when it ran, or that campaign was deleted.',
    resolve: (campaign, _args, { campaigns }) => (campaign.cachedFromId ? campaigns.find(campaign.cachedFromId) : null),
  }),
  fromCache: t.boolean({
    description: 'The result was served from the cache rather than run.',
    resolve: (campaign) => campaign.cachedFromId !== null,
  }),
}));
