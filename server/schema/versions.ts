// Editing a completed campaign's content in place, kept as versions.
import { z } from 'zod';
import { type ContentVersion, contentVersions, maxContentLength, saveContentVersion, versionSources } from '../campaigns/versions.js';
import { badInput } from '../errors.js';
import { builder } from './builder.js';
import { CampaignRef } from './campaign.js';

const VersionSourceEnum = builder.enumType('ContentVersionSource', {
  values: versionSources,
  description: 'AGENTS: what the pipeline wrote; EDIT: saved by a person; RESTORE: an earlier version brought back.',
});

const ContentVersionRef = builder.objectRef<ContentVersion>('ContentVersion').implement({
  fields: (t) => ({
    number: t.exposeInt('number', { description: '1 is the agents’ text; the highest is the current content.' }),
    content: t.exposeString('content'),
    source: t.field({ type: VersionSourceEnum, resolve: (version) => version.source }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.objectField(CampaignRef, 'versions', (t) =>
  t.field({
    type: [ContentVersionRef],
    description: 'The content’s versions, oldest first; empty until the campaign has content. Scores and checks are of the agents’ text.',
    resolve: (campaign, _args, { prisma }) => contentVersions(prisma, campaign),
  }),
);

const contentRule = z
  .string()
  .refine((content) => content.trim().length > 0, 'must not be empty')
  .refine((content) => content.length <= maxContentLength, `must be at most ${maxContentLength} characters`);

builder.mutationFields((t) => ({
  editCampaignContent: t.field({
    type: CampaignRef,
    description: 'Saves edited content as a new version of a completed campaign; earlier versions are kept.',
    args: {
      id: t.arg.id({ required: true }),
      content: t.arg.string({ required: true, validate: { schema: contentRule } }),
    },
    resolve: async (_root, { id, content }, { campaigns, prisma }) => {
      const campaign = await campaigns.get(String(id));
      await saveContentVersion(prisma, campaign, content, 'EDIT');
      return campaigns.get(campaign.id);
    },
  }),
  restoreCampaignVersion: t.field({
    type: CampaignRef,
    description: 'Makes an earlier version the current content again, as a new version (nothing is overwritten).',
    args: {
      id: t.arg.id({ required: true }),
      number: t.arg.int({ required: true, validate: { schema: z.number().int().min(1, 'must be at least 1') } }),
    },
    resolve: async (_root, { id, number }, { campaigns, prisma }) => {
      const campaign = await campaigns.get(String(id));
      const version = (await contentVersions(prisma, campaign)).find((candidate) => candidate.number === number);
      if (!version) throw badInput([{ field: 'number', rule: `the campaign has no version ${number}` }]);
      await saveContentVersion(prisma, campaign, version.content, 'RESTORE');
      return campaigns.get(campaign.id);
    },
  }),
}));
