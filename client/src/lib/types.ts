// The shapes the client reads from the GraphQL API: the schema's enums, and what each document
// asks for (documents.ts), as gql.tada types them from schema.graphql. Nothing here is written by hand
// but the lists the UI walks through (in the UI's order) and the campaign form's state.
import type {
  brandFragment,
  campaignEventsSubscription,
  campaignQuery,
  campaignSummaryFragment,
  campaignUpdatesSubscription,
  guidelinesPreviewQuery,
  healthQuery,
  scoresFragment,
  statsQuery,
} from './documents.js';
import type { graphql, ResultOf } from './graphql.js';

export type AgentRole = ReturnType<typeof graphql.scalar<'AgentRole'>>;
export type CampaignStatus = ReturnType<typeof graphql.scalar<'CampaignStatus'>>;
export type ContentType = ReturnType<typeof graphql.scalar<'ContentType'>>;
export type ContentLength = ReturnType<typeof graphql.scalar<'ContentLength'>>;
export type SocialPlatform = ReturnType<typeof graphql.scalar<'SocialPlatform'>>;
export type StepStatus = ReturnType<typeof graphql.scalar<'StepStatus'>>;
export type ScoreStage = ReturnType<typeof graphql.scalar<'ScoreStage'>>;
/** Where a campaign waits for a person: the reviewed draft, or the final text. */
export type ApprovalGate = ReturnType<typeof graphql.scalar<'ApprovalGate'>>;

/** `values`, refused by the compiler unless it names every value of the enum. */
const everyValueOf =
  <Value extends string>() =>
  <const Values extends readonly Value[]>(
    values: Values & ([Exclude<Value, Values[number]>] extends [never] ? unknown : { missing: Exclude<Value, Values[number]> }),
  ): Values =>
    values;

/** In pipeline order. */
export const agentRoles = everyValueOf<AgentRole>()([
  'CONTENT_CREATOR',
  'BRAND_MANAGER',
  'COMPLIANCE_OFFICER',
  'DESIGN_VALIDATOR',
  'OPTIMIZER',
]);
export const campaignStatuses = everyValueOf<CampaignStatus>()([
  'QUEUED',
  'RUNNING',
  'AWAITING_APPROVAL',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'REJECTED',
]);
export const contentTypes = everyValueOf<ContentType>()(['BLOG_POST', 'SOCIAL_MEDIA', 'EMAIL', 'AD_COPY']);
export const contentLengths = everyValueOf<ContentLength>()(['SHORT', 'STANDARD', 'LONG']);
export const socialPlatforms = everyValueOf<SocialPlatform>()(['X', 'LINKEDIN', 'INSTAGRAM', 'FACEBOOK']);

export type Scores = ResultOf<typeof scoresFragment>;
export type Brand = ResultOf<typeof brandFragment>;
/** What the brand form edits. */
export type BrandFields = Omit<Brand, 'id' | 'updatedAt'>;
/** What importing a guidelines file would change, before anything is saved. */
export type GuidelinesPreview = ResultOf<typeof guidelinesPreviewQuery>['guidelinesPreview'];

/** A campaign as its page reads it. */
export type Campaign = ResultOf<typeof campaignQuery>['campaign'];
export type AgentStep = Campaign['steps'][number];
export type AdSlots = NonNullable<Campaign['adSlots']>;
export type ContentVersion = Campaign['versions'][number];
/** A campaign as the dashboard lists it. */
export type CampaignSummary = ResultOf<typeof campaignSummaryFragment>;
/** A campaign as campaignUpdates sends it: its new status, or that it was deleted. */
export type CampaignUpdate = ResultOf<typeof campaignUpdatesSubscription>['campaignUpdates'];

/** One event of a campaign's run, as campaignEvents sends it. */
export type CampaignEvent = ResultOf<typeof campaignEventsSubscription>['campaignEvents'];
/** A score's explanation as a live ScoresUpdated event carries it (the campaign's feedback adds the detail). */
export type ScoreExplanation = Extract<CampaignEvent, { __typename: 'ScoresUpdated' }>['explanations'][number];

export type Health = ResultOf<typeof healthQuery>['health'];
export type ConfiguredModel = Health['models'][number];
export type Stats = ResultOf<typeof statsQuery>['stats'];

/** What the campaign form starts from when a campaign is run again with changes. */
export interface CampaignDraft {
  tone: string;
  length: ContentLength;
  platforms: SocialPlatform[];
  name: string;
  brief: string;
  targetAudience: string;
  contentType: ContentType;
  brandId: string;
  keyphrase: string;
  models: Record<string, string>;
  approvalGates: ApprovalGate[];
}
