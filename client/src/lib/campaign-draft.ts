// An earlier campaign as the starting point of a new one ("run again with changes").
import type { Campaign, CampaignDraft } from './types.js';

export function draftFrom(campaign: Campaign): CampaignDraft {
  const models = Object.fromEntries(
    Object.entries(campaign.models).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''),
  );
  return {
    tone: campaign.tone ?? '',
    length: campaign.length,
    platforms: campaign.contentType === 'SOCIAL_MEDIA' ? campaign.platforms : [],
    name: campaign.name,
    brief: campaign.brief,
    targetAudience: campaign.targetAudience,
    contentType: campaign.contentType,
    brandId: campaign.brand?.id ?? '',
    keyphrase: campaign.keyphrase ?? '',
    models,
    approvalGates: [...campaign.approvalGates],
  };
}
