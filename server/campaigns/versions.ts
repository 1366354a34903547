// Versions of a campaign's content: people edit the result in place and nothing is lost. Version 1
// is the agents' text (kept when the first edit is saved); Campaign.content is the newest version,
// so the downloads and the API read the current text.
import type { PrismaClient } from '../db/client.js';
import { badInput, isUniqueViolation } from '../errors.js';
import type { Campaign } from './store.js';

export const versionSources = ['AGENTS', 'EDIT', 'RESTORE'] as const;
export type VersionSource = (typeof versionSources)[number];

export interface ContentVersion {
  number: number;
  content: string;
  source: VersionSource;
  createdAt: Date;
}

export const maxContentLength = 50_000;

/** Every version, oldest first; a campaign never edited has one: the agents' text. */
export async function contentVersions(prisma: PrismaClient, campaign: Campaign): Promise<ContentVersion[]> {
  const rows = await prisma.contentVersion.findMany({ where: { campaignId: campaign.id }, orderBy: { number: 'asc' } });
  if (rows.length > 0)
    return rows.map((row) => ({ number: row.number, content: row.content, source: row.source as VersionSource, createdAt: row.createdAt }));
  if (campaign.content === null) return [];
  return [{ number: 1, content: campaign.content, source: 'AGENTS', createdAt: campaign.finishedAt ?? campaign.updatedAt }];
}

/**
 * Saves `content` as the newest version and the campaign's content, in one transaction; the first
 * save keeps the agents' text as version 1. Only a completed campaign has content to edit.
 */
export async function saveContentVersion(
  prisma: PrismaClient,
  campaign: Campaign,
  content: string,
  source: Exclude<VersionSource, 'AGENTS'>,
): Promise<void> {
  if (campaign.status !== 'COMPLETED' || campaign.content === null) {
    throw badInput([{ field: 'id', rule: 'the campaign has no finished content to edit yet: wait until it has completed' }]);
  }
  const original = campaign.content;
  const save = () =>
    prisma.$transaction(async (transaction) => {
      const last = await transaction.contentVersion.findFirst({ where: { campaignId: campaign.id }, orderBy: { number: 'desc' } });
      let number = last?.number ?? 0;
      if (!last)
        await transaction.contentVersion.create({
          data: { campaignId: campaign.id, number: ++number, content: original, source: 'AGENTS' },
        });
      await transaction.contentVersion.create({ data: { campaignId: campaign.id, number: number + 1, content, source } });
      await transaction.campaign.update({ where: { id: campaign.id }, data: { content } });
    });
  // Two people saving at the same moment both take the next number: the later save numbers its
  // version again after the other's, so both edits are kept and the newest is the content.
  for (let tries = 1; ; tries++) {
    try {
      return await save();
    } catch (error) {
      if (!isUniqueViolation(error) || tries >= maxSaveTries) throw error;
    }
  }
}

/** Saves at the same moment that may each take the number another took first. */
const maxSaveTries = 10;
