// Every GraphQL operation the client sends, in one place.
import { gql } from '@urql/core';

const scoreFields = 'brandAlignment compliance readability overallQuality';

export const brandFields = 'id name voice tone values colors prohibitedTopics keywords updatedAt';

const campaignSummaryFields = `id brief contentType status createdAt durationMs needsAttention attentionReasons brand { id name } scores { ${scoreFields} }`;

export const healthQuery = gql`
  query Health {
    health {
      ok
      server { ok message version uptimeSeconds }
      database { ok message }
      ollama { ok message host version }
      models { name present pullCommand usedBy }
    }
  }
`;

export const modelsQuery = gql`
  query Models {
    models { reachable message missing available { name } }
  }
`;

export const statsQuery = gql`
  query Stats {
    stats { total byStatus { status count } averageScores { ${scoreFields} } averageDurationMs tokensPerSecond }
  }
`;

export const brandsQuery = gql`
  query Brands {
    brands { ${brandFields} }
  }
`;

export const createBrandMutation = gql`
  mutation CreateBrand($input: BrandInput!) {
    createBrand(input: $input) { ${brandFields} }
  }
`;

export const updateBrandMutation = gql`
  mutation UpdateBrand($id: ID!, $input: BrandPatchInput!) {
    updateBrand(id: $id, input: $input) { ${brandFields} }
  }
`;

export const deleteBrandMutation = gql`
  mutation DeleteBrand($id: ID!) {
    deleteBrand(id: $id) { id name }
  }
`;

/** Sent as a multipart upload by upload.ts, not through urql. */
export const importGuidelinesMutation = `mutation ImportBrandGuidelines($file: File!) { importBrandGuidelines(file: $file) { ${brandFields} } }`;

export const campaignQuery = gql`
  query Campaign($id: ID!) {
    campaign(id: $id) {
      id brief targetAudience contentType keyphrase status content error createdAt startedAt finishedAt durationMs
      needsAttention attentionReasons
      brand { id name }
      scores { ${scoreFields} }
      feedback { score message detail }
      complianceIssues { severity description suggestion }
      design { imageTypes { type description } palette { hex role } typography layout }
      steps { role attempt status model output score passed feedback promptTokens completionTokens durationMs tokensPerSecond error }
      exports { markdown text json fileName }
    }
  }
`;

export const campaignsQuery = gql`
  query Campaigns($first: Int, $after: String, $status: CampaignStatus, $brandId: ID) {
    campaigns(first: $first, after: $after, status: $status, brandId: $brandId) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ${campaignSummaryFields} } }
    }
  }
`;

export const createCampaignMutation = gql`
  mutation CreateCampaign($input: CreateCampaignInput!) {
    createCampaign(input: $input) { id status }
  }
`;

export const cancelCampaignMutation = gql`
  mutation CancelCampaign($id: ID!) {
    cancelCampaign(id: $id) { id status error }
  }
`;

export const retryCampaignMutation = gql`
  mutation RetryCampaign($id: ID!) {
    retryCampaign(id: $id) { id status error }
  }
`;

export const campaignEventsSubscription = gql`
  subscription CampaignEvents($campaignId: ID!, $afterSeq: Int, $run: Int) {
    campaignEvents(campaignId: $campaignId, afterSeq: $afterSeq, run: $run) {
      __typename run seq campaignId at
      ... on StepStarted { role attempt model stage }
      ... on TokenChunk { role attempt text chunks }
      ... on ThinkingChunk { role attempt text }
      ... on StepCompleted { role attempt stepStatus score passed feedback promptTokens completionTokens durationMs error }
      ... on RevisionRequested { round score feedback }
      ... on RevisionLimitReached { rounds score feedback }
      ... on DraftKept { reason }
      ... on ScoresUpdated { stage scores { ${scoreFields} } explanations { score message } }
      ... on ApprovalRequested { gate content }
      ... on CampaignFinished { status error }
    }
  }
`;

export const campaignUpdatesSubscription = gql`
  subscription CampaignUpdates {
    campaignUpdates { ${campaignSummaryFields} error }
  }
`;
