// The fixed evaluation set: three brands with deliberately different rules, and two briefs
// per brand and content type (24 campaigns). Kept in the repository so that runs on
// different days, models or machines are comparable; change it only on purpose.
import { type ContentType, contentTypes } from './results.js';

export interface EvalBrand {
  /** Prefixed so the harness never reuses a person's own brand by accident. */
  name: string;
  voice: string;
  tone: string;
  values: string[];
  keywords: string[];
  prohibitedTopics: string[];
  colors: string[];
}

export interface EvalCampaign {
  /** Stable label for progress lines and the report: brand, type, brief number. */
  id: string;
  brand: EvalBrand;
  contentType: ContentType;
  brief: string;
  targetAudience: string;
  /** The SEO focus keyphrase; blog posts only (the SEO keyphrase checks apply to them). */
  keyphrase?: string;
}

export const evalBrands = {
  greenLeaf: {
    name: 'Eval · Green Leaf Home',
    voice: 'warm, practical, encouraging',
    tone: 'friendly and optimistic, never preachy',
    values: ['sustainability', 'honesty', 'community'],
    keywords: ['sustainable', 'reusable', 'zero waste'],
    prohibitedTopics: ['politics', 'greenwashing', 'fast fashion'],
    colors: ['#1A7F5A', '#F4E9D8', '#2E4057'],
  },
  ledgerly: {
    name: 'Eval · Ledgerly',
    voice: 'clear, confident, expert',
    tone: 'professional and reassuring',
    values: ['transparency', 'security', 'simplicity'],
    keywords: ['cash flow', 'invoicing', 'small business'],
    prohibitedTopics: ['cryptocurrency', 'guaranteed returns', 'tax evasion'],
    colors: ['#0B3D91', '#FFFFFF', '#F2A900'],
  },
  peakPulse: {
    name: 'Eval · Peak Pulse',
    voice: 'energetic, playful, bold',
    tone: 'upbeat and motivating, inclusive',
    values: ['inclusivity', 'health', 'fun'],
    keywords: ['workout', 'community', 'streak'],
    prohibitedTopics: ['weight loss', 'dieting', 'supplements', 'body shaming'],
    colors: ['#FF3B30', '#111111', '#FFD60A'],
  },
} satisfies Record<string, EvalBrand>;

type BrandKey = keyof typeof evalBrands;

interface Brief {
  brief: string;
  keyphrase?: string;
}

/** Two briefs for one brand and content type, written for the same audience. */
interface BriefPair {
  targetAudience: string;
  briefs: [Brief, Brief];
}

const briefs: Record<BrandKey, Record<ContentType, BriefPair>> = {
  greenLeaf: {
    BLOG_POST: {
      targetAudience: 'urban millennials renting small flats',
      briefs: [
        { brief: 'A blog post on starting a zero waste kitchen in a small flat on a tight budget', keyphrase: 'zero waste kitchen' },
        { brief: 'A blog post on home composting on a balcony, with no garden and no smell', keyphrase: 'balcony composting' },
      ],
    },
    SOCIAL_MEDIA: {
      targetAudience: 'eco-curious shoppers aged 25-40',
      briefs: [
        { brief: 'Social posts launching our refill station for cleaning products in three city stores' },
        { brief: 'Social posts for Plastic Free July inviting followers to share one reusable swap' },
      ],
    },
    EMAIL: {
      targetAudience: 'newsletter subscribers who bought from us in the last year',
      briefs: [
        { brief: 'An email announcing our beeswax wrap starter kit, 15 % off for subscribers this week' },
        { brief: 'An email inviting customers to a free repair café workshop in their local store' },
      ],
    },
    AD_COPY: {
      targetAudience: 'people searching for eco-friendly cleaning products',
      briefs: [
        { brief: 'Search ads for our plant-based laundry sheets, free delivery over £30' },
        { brief: 'Search ads for our reusable kitchen towel bundle' },
      ],
    },
  },
  ledgerly: {
    BLOG_POST: {
      targetAudience: 'owners of small businesses with 1-20 employees',
      briefs: [
        { brief: 'A blog post on how to get paid faster: invoicing habits that shorten payment times', keyphrase: 'get paid faster' },
        { brief: 'A blog post on a simple 13-week cash flow forecast any owner can keep', keyphrase: 'cash flow forecast' },
      ],
    },
    SOCIAL_MEDIA: {
      targetAudience: 'freelancers and small business owners on LinkedIn and X',
      briefs: [
        { brief: 'Social posts announcing automatic payment reminders in Ledgerly' },
        { brief: 'Social posts sharing three signs your business needs better bookkeeping' },
      ],
    },
    EMAIL: {
      targetAudience: 'trial users who have not sent their first invoice',
      briefs: [
        { brief: 'An onboarding email encouraging trial users to send their first invoice in under five minutes' },
        { brief: 'An email inviting customers to a free webinar on preparing for the end of the tax year' },
      ],
    },
    AD_COPY: {
      targetAudience: 'small business owners searching for invoicing software',
      briefs: [
        { brief: 'Search ads for Ledgerly invoicing software with a 30-day free trial' },
        { brief: 'Search ads for our bank-feed bookkeeping for sole traders' },
      ],
    },
  },
  peakPulse: {
    BLOG_POST: {
      targetAudience: 'beginners aged 18-30 who find gyms intimidating',
      briefs: [
        { brief: 'A blog post with a 20-minute home workout plan for complete beginners', keyphrase: 'home workout for beginners' },
        {
          brief: 'A blog post on building a habit that sticks: why short daily sessions beat long weekly ones',
          keyphrase: 'workout habit',
        },
      ],
    },
    SOCIAL_MEDIA: {
      targetAudience: 'Gen Z app users on Instagram and X',
      briefs: [
        { brief: 'Social posts launching a 30-day team challenge in the Peak Pulse app' },
        { brief: 'Social posts celebrating users who hit a 100-day streak' },
      ],
    },
    EMAIL: {
      targetAudience: 'app users who have not opened the app in two weeks',
      briefs: [
        { brief: 'A win-back email with a five-minute workout to restart their streak' },
        { brief: 'An email announcing new adaptive workouts for wheelchair users' },
      ],
    },
    AD_COPY: {
      targetAudience: 'people searching for a fitness app',
      briefs: [
        { brief: 'Search ads for the Peak Pulse app: free for the first month' },
        { brief: 'Search ads for Peak Pulse group workouts with friends' },
      ],
    },
  },
};

const slug: Record<ContentType, string> = { BLOG_POST: 'blog', SOCIAL_MEDIA: 'social', EMAIL: 'email', AD_COPY: 'ad' };

/**
 * The whole set, ordered brief number → brand → content type, so that any prefix
 * (`--limit 4`, `--limit 8`) still covers every content type.
 */
export const evalSet: EvalCampaign[] = [0, 1].flatMap((number) =>
  (Object.keys(briefs) as BrandKey[]).flatMap((brandKey) =>
    contentTypes.map((contentType) => {
      const pair = briefs[brandKey][contentType];
      const chosen = pair.briefs[number === 0 ? 0 : 1];
      return {
        id: `${brandKey}-${slug[contentType]}-${number + 1}`,
        brand: evalBrands[brandKey],
        contentType,
        brief: chosen.brief,
        targetAudience: pair.targetAudience,
        ...(chosen.keyphrase ? { keyphrase: chosen.keyphrase } : {}),
      };
    }),
  ),
);

/** `--only` then `--limit`: the subset a run uses, in set order. */
export function selectCampaigns(set: EvalCampaign[], only?: ContentType[], limit?: number): EvalCampaign[] {
  const chosen = only && only.length > 0 ? set.filter((campaign) => only.includes(campaign.contentType)) : set;
  return limit === undefined ? chosen : chosen.slice(0, limit);
}
