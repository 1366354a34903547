// Every GraphQL operation the client sends, in one place, each typed from the schema by gql.tada.
import { graphql } from './graphql.js';

export const scoresFragment = graphql(`
  fragment ScoreFields on Scores { brandAlignment compliance readability overallQuality }
`);

export const brandFragment = graphql(`
  fragment BrandDetails on Brand { id name voice tone values colors prohibitedTopics keywords defaultApprovalGates updatedAt }
`);

export const campaignSummaryFragment = graphql(
  `
  fragment CampaignSummary on Campaign {
    id name brief contentType status createdAt durationMs needsAttention attentionReasons brand { id name } scores { ...ScoreFields }
  }
`,
  [scoresFragment],
);

export const brandGuidelinesQuery = graphql(`
  query BrandGuidelines($id: ID!) {
    brand(id: $id) { id name guidelines(format: JSON) }
  }
`);

export const healthQuery = graphql(`
  query Health {
    health {
      ok
      server { ok message version uptimeSeconds }
      database { ok message }
      ollama { ok message host version }
      models { name present pullCommand usedBy }
    }
  }
`);

export const modelsQuery = graphql(`
  query Models {
    models { reachable message missing available { name } configured { name usedBy } }
  }
`);

export const statsQuery = graphql(
  `
  query Stats($brandId: ID) {
    stats(brandId: $brandId) { total byStatus { status count } averageScores { ...ScoreFields } averageDurationMs tokensPerSecond }
  }
`,
  [scoresFragment],
);

export const brandsQuery = graphql(
  `
  query Brands {
    brands { ...BrandDetails }
  }
`,
  [brandFragment],
);

export const createBrandMutation = graphql(
  `
  mutation CreateBrand($input: BrandInput!) {
    createBrand(input: $input) { ...BrandDetails }
  }
`,
  [brandFragment],
);

export const updateBrandMutation = graphql(
  `
  mutation UpdateBrand($id: ID!, $input: BrandPatchInput!) {
    updateBrand(id: $id, input: $input) { ...BrandDetails }
  }
`,
  [brandFragment],
);

export const deleteBrandMutation = graphql(`
  mutation DeleteBrand($id: ID!) {
    deleteBrand(id: $id) { id name }
  }
`);

/** Sent as multipart uploads by upload.ts, not through urql. */
export const importGuidelinesMutation = graphql(
  `
  mutation ImportBrandGuidelines($file: File!) {
    importBrandGuidelines(file: $file) { ...BrandDetails }
  }
`,
  [brandFragment],
);

export const guidelinesPreviewQuery = graphql(
  `
  query GuidelinesPreview($file: File!) {
    guidelinesPreview(file: $file) { name existing { ...BrandDetails } changes { field label before after } kept }
  }
`,
  [brandFragment],
);

export const campaignQuery = graphql(
  `
  query Campaign($id: ID!) {
    campaign(id: $id) {
      id name brief targetAudience contentType keyphrase status queuePosition content contentText error createdAt startedAt finishedAt durationMs
      needsAttention attentionReasons
      models { contentCreator brandManager complianceOfficer designValidator optimizer }
      tone length platforms approvalGates
      adSlots { headlines { text characters limit withinLimit } descriptions { text characters limit withinLimit } }
      versions { number content source createdAt }
      draftMetrics { scores { ...ScoreFields } }
      finalMetrics { scores { ...ScoreFields } }
      draftKeptReason
      brand { id name }
      scores { ...ScoreFields }
      feedback { score message detail }
      complianceIssues { severity description suggestion }
      design { imageTypes { type description } palette { hex role } typography layout }
      steps { role attempt stage status model output score passed feedback promptTokens completionTokens durationMs tokensPerSecond error }
      exports { markdown text json fileName }
    }
  }
`,
  [scoresFragment],
);

export const queuePositionQuery = graphql(`
  query QueuePosition($id: ID!) {
    campaign(id: $id) { id status queuePosition }
  }
`);

export const campaignsQuery = graphql(
  `
  query Campaigns($first: Int, $after: String, $offset: Int, $status: CampaignStatus, $brandId: ID, $contentType: ContentType, $search: String) {
    campaigns(first: $first, after: $after, offset: $offset, status: $status, brandId: $brandId, contentType: $contentType, search: $search) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ...CampaignSummary } }
    }
  }
`,
  [campaignSummaryFragment],
);

export const createCampaignMutation = graphql(`
  mutation CreateCampaign($input: CreateCampaignInput!) {
    createCampaign(input: $input) { id status }
  }
`);

export const cancelCampaignMutation = graphql(`
  mutation CancelCampaign($id: ID!) {
    cancelCampaign(id: $id) { id status error }
  }
`);

export const editCampaignContentMutation = graphql(`
  mutation EditCampaignContent($id: ID!, $content: String!) {
    editCampaignContent(id: $id, content: $content) { id content }
  }
`);

export const restoreCampaignVersionMutation = graphql(`
  mutation RestoreCampaignVersion($id: ID!, $number: Int!) {
    restoreCampaignVersion(id: $id, number: $number) { id content }
  }
`);

export const deleteCampaignMutation = graphql(`
  mutation DeleteCampaign($id: ID!) {
    deleteCampaign(id: $id) { id }
  }
`);

export const retryCampaignMutation = graphql(`
  mutation RetryCampaign($id: ID!) {
    retryCampaign(id: $id) { id status error }
  }
`);

export const campaignEventsSubscription = graphql(
  `
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
      ... on ScoresUpdated { stage scores { ...ScoreFields } explanations { score message } }
      ... on ApprovalRequested { gate content }
      ... on CampaignFinished { status error }
    }
  }
`,
  [scoresFragment],
);

export const campaignUpdatesSubscription = graphql(
  `
  subscription CampaignUpdates {
    campaignUpdates { ...CampaignSummary error deleted }
  }
`,
  [campaignSummaryFragment],
);
