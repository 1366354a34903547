// Every GraphQL operation the client sends, in one place.
import { gql } from '@urql/core';

const scoreFields = 'brandAlignment compliance readability overallQuality';

export const brandFields = 'id name voice tone values colors prohibitedTopics keywords updatedAt';

export const brandGuidelinesQuery = gql`
  query BrandGuidelines($id: ID!) {
    brand(id: $id) { id name guidelines(format: JSON) }
  }
`;

const campaignSummaryFields = `id name brief contentType status createdAt durationMs needsAttention attentionReasons brand { id name } scores { ${scoreFields} }`;

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
    models { reachable message missing available { name } configured { name usedBy } }
  }
`;

export const statsQuery = gql`
  query Stats($brandId: ID) {
    stats(brandId: $brandId) { total byStatus { status count } averageScores { ${scoreFields} } averageDurationMs tokensPerSecond }
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

/** Sent as multipart uploads by upload.ts, not through urql. */
export const importGuidelinesMutation = `mutation ImportBrandGuidelines($file: File!) { importBrandGuidelines(file: $file) { ${brandFields} } }`;
export const guidelinesPreviewQuery = `query GuidelinesPreview($file: File!) { guidelinesPreview(file: $file) { name existing { ${brandFields} } changes { field label before after } kept } }`;

export const campaignQuery = gql`
  query Campaign($id: ID!) {
    campaign(id: $id) {
      id name brief targetAudience contentType keyphrase status queuePosition content contentText error createdAt startedAt finishedAt durationMs
      needsAttention attentionReasons
      models { contentCreator brandManager complianceOfficer designValidator optimizer }
      tone length platforms
      adSlots { headlines { text characters limit withinLimit } descriptions { text characters limit withinLimit } }
      versions { number content source createdAt }
      draftMetrics { scores { ${scoreFields} } }
      finalMetrics { scores { ${scoreFields} } }
      draftKeptReason
      brand { id name }
      scores { ${scoreFields} }
      feedback { score message detail }
      complianceIssues { severity description suggestion }
      design { imageTypes { type description } palette { hex role } typography layout }
      steps { role attempt stage status model output score passed feedback promptTokens completionTokens durationMs tokensPerSecond error }
      exports { markdown text json fileName }
    }
  }
`;

export const queuePositionQuery = gql`
  query QueuePosition($id: ID!) {
    campaign(id: $id) { id status queuePosition }
  }
`;

export const campaignsQuery = gql`
  query Campaigns($first: Int, $after: String, $offset: Int, $status: CampaignStatus, $brandId: ID, $contentType: ContentType, $search: String) {
    campaigns(first: $first, after: $after, offset: $offset, status: $status, brandId: $brandId, contentType: $contentType, search: $search) {
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

export const editCampaignContentMutation = gql`
  mutation EditCampaignContent($id: ID!, $content: String!) {
    editCampaignContent(id: $id, content: $content) { id content }
  }
`;

export const restoreCampaignVersionMutation = gql`
  mutation RestoreCampaignVersion($id: ID!, $number: Int!) {
    restoreCampaignVersion(id: $id, number: $number) { id content }
  }
`;

export const deleteCampaignMutation = gql`
  mutation DeleteCampaign($id: ID!) {
    deleteCampaign(id: $id) { id }
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
