// Length limits per content type. Characters are counted as Unicode code points,
// after Markdown is removed (platforms show plain text). X's own counting (URLs as 23,
// emoji as 2) is not modelled.
import { type ContentType, PLATFORMS, type Platform, parseAdCopy, parseBlogPost, parseEmail, parseSocialMedia } from './formats.js';
import { characterCount, stripMarkdown, words } from './text.js';

export interface LengthCheck {
  check: string;
  value: number;
  limit: string;
  passed: boolean;
  /** 'limit': a hard platform limit; 'recommendation': a best-practice length. */
  level: 'limit' | 'recommendation';
  message: string;
}

export const LENGTH_LIMITS = {
  adHeadline: 30, // Google responsive search ads
  adDescription: 90,
  adHeadlines: [3, 15],
  adDescriptions: [2, 4],
  social: { X: 280, LinkedIn: 3000, Instagram: 2200, Facebook: 63206 } satisfies Record<Platform, number>,
  facebookRecommended: 500,
  emailSubject: 60,
  emailPreheader: 100,
  blogWords: [600, 1200],
} as const;

function maxChars(check: string, text: string | null, limit: number, level: LengthCheck['level'] = 'limit'): LengthCheck {
  const value = text === null ? 0 : characterCount(text);
  const passed = text !== null && value > 0 && value <= limit;
  const problem = text === null || value === 0 ? 'missing' : value > limit ? `${value - limit} over` : '';
  return {
    check,
    value,
    limit: `≤ ${limit} characters`,
    passed,
    level,
    message: `${check}: ${value} characters (limit ${limit})${problem ? `, ${problem}` : ''}`,
  };
}

function countBetween(check: string, value: number, [min, max]: readonly [number, number], unit: string): LengthCheck {
  const passed = value >= min && value <= max;
  return {
    check,
    value,
    limit: `${min}–${max} ${unit}`,
    passed,
    level: 'limit',
    message: `${check}: ${value} ${unit} (expected ${min}–${max})${passed ? '' : value < min ? ', too few' : ', too many'}`,
  };
}

function present(check: string, text: string | null): LengthCheck {
  const passed = Boolean(text?.trim());
  return { check, value: passed ? 1 : 0, limit: 'present', passed, level: 'limit', message: `${check}: ${passed ? 'present' : 'missing'}` };
}

export function adCopyLimits(content: string): LengthCheck[] {
  const { headlines, descriptions } = parseAdCopy(content);
  return [
    countBetween('headline count', headlines.length, LENGTH_LIMITS.adHeadlines, 'headlines'),
    countBetween('description count', descriptions.length, LENGTH_LIMITS.adDescriptions, 'descriptions'),
    ...headlines.map((text, index) => maxChars(`headline ${index + 1}`, text, LENGTH_LIMITS.adHeadline)),
    ...descriptions.map((text, index) => maxChars(`description ${index + 1}`, text, LENGTH_LIMITS.adDescription)),
  ];
}

/**
 * `chosen`: the platforms the marketer asked for. With all four (the default) one post is enough, as
 * before; with a choice, each chosen platform needs its post. Posts for other platforms are not scored.
 * A post offered in several versions fails "<platform> post versions": one post goes out, and the
 * other checks measured only the first version.
 */
export function socialMediaLimits(content: string, chosen: readonly Platform[] = PLATFORMS): LengthCheck[] {
  const posts = parseSocialMedia(content, chosen).filter((post) => chosen.includes(post.platform));
  const platforms = new Set(posts.map((post) => post.platform));
  const missing = chosen.filter((platform) => !platforms.has(platform));
  const everyPlatform = chosen.length === PLATFORMS.length;
  const checks: LengthCheck[] = [
    {
      check: 'platform posts',
      value: platforms.size,
      limit: everyPlatform ? `≥ 1 of ${chosen.join(', ')}` : `${chosen.join(', ')}`,
      passed: everyPlatform ? platforms.size > 0 : missing.length === 0,
      level: 'limit',
      message: `platform posts: ${platforms.size} of ${chosen.length}${missing.length ? ` (no section for ${missing.join(', ')})` : ''}`,
    },
  ];
  for (const post of posts) {
    // Several versions where one post goes out: the checks measure the first, and say so.
    if (post.versions > 1) checks.push(oneVersion(`${post.platform} post`, post.versions));
    checks.push(maxChars(`${post.platform} post`, post.text, LENGTH_LIMITS.social[post.platform]));
    if (post.platform === 'Facebook') {
      checks.push(maxChars('Facebook post (recommended)', post.text, LENGTH_LIMITS.facebookRecommended, 'recommendation'));
    }
  }
  return checks;
}

function oneVersion(part: string, versions: number): LengthCheck {
  return {
    check: `${part} versions`,
    value: versions,
    limit: '1 version',
    passed: false,
    level: 'limit',
    message: `${part} versions: ${versions} (expected 1)`,
  };
}

export function emailLimits(content: string): LengthCheck[] {
  const email = parseEmail(content);
  return [
    maxChars('email subject', email.subject, LENGTH_LIMITS.emailSubject),
    maxChars('email preheader', email.preheader, LENGTH_LIMITS.emailPreheader),
    present('email CTA', email.cta),
  ];
}

export function blogPostLimits(content: string, wordRange: readonly [number, number] = LENGTH_LIMITS.blogWords): LengthCheck[] {
  const post = parseBlogPost(content);
  return [
    countBetween('blog post length', words(stripMarkdown(post.body)).length, wordRange, 'words'),
    present('blog post title', post.title),
  ];
}

/** What the marketer chose that the limits depend on; omitted, the defaults (all platforms, a standard-length post). */
export interface LimitOptions {
  platforms?: readonly Platform[];
  blogWords?: readonly [number, number];
}

export function lengthLimits(content: string, contentType: ContentType, options: LimitOptions = {}): LengthCheck[] {
  switch (contentType) {
    case 'AD_COPY':
      return adCopyLimits(content);
    case 'SOCIAL_MEDIA':
      return socialMediaLimits(content, options.platforms);
    case 'EMAIL':
      return emailLimits(content);
    case 'BLOG_POST':
      return blogPostLimits(content, options.blogWords);
  }
}

const formatNumber = (value: number): string => new Intl.NumberFormat('en').format(value);
const counted = (value: number, noun: string): string => `${formatNumber(value)} ${noun}${value === 1 ? '' : 's'}`;

/**
 * A failed check as a sentence for a marketer ("The X post is 312 characters; X allows 280.").
 * Reads only the check's own fields, so it works on stored checks too.
 */
export function lengthProblem(check: LengthCheck): string {
  const [limit = 0, upper = 0] = (check.limit.match(/\d+/g) ?? []).map(Number);
  const name = check.check.replace(/ \(recommended\)$/, '');
  const platform = PLATFORMS.find((candidate) => name === `${candidate} post`);
  switch (check.check) {
    case 'platform posts': {
      // Stored checks name the chosen platforms in the limit ("X, LinkedIn", or "≥ 1 of" all four).
      if (check.limit.startsWith('≥')) return `There is no post for any platform (${PLATFORMS.join(', ')}).`;
      const missing = (/\(no section for ([^)]+)\)/.exec(check.message)?.[1] ?? check.limit).split(', ');
      const named = missing.length > 1 ? `${missing.slice(0, -1).join(', ')} or ${missing.at(-1)}` : missing[0];
      return `There is no post for ${named}: write ${missing.length > 1 ? 'each' : 'it'} under its own heading (such as "## ${missing[0]}").`;
    }
    case 'blog post title':
      return 'The blog post has no title.';
    case 'email CTA':
      return 'The email has no call to action.';
    case 'blog post length':
      return `The blog post is ${counted(check.value, 'word')}; aim for ${formatNumber(limit)} to ${formatNumber(upper)}.`;
    case 'headline count':
      return `The ad has ${counted(check.value, 'headline')}; Google Ads takes ${limit} to ${upper}.`;
    case 'description count':
      return `The ad has ${counted(check.value, 'description')}; Google Ads takes ${limit} to ${upper}.`;
  }
  const versionsOf = PLATFORMS.find((candidate) => name === `${candidate} post versions`);
  if (versionsOf) {
    return `The writer offered ${formatNumber(check.value)} versions of the ${versionsOf} post: keep the one you want before you publish (the checks measured the first).`;
  }
  const subject = platform || name.startsWith('email') ? `The ${name}` : `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
  if (check.value === 0) return `${subject} is missing.`;
  const allowed = formatNumber(limit);
  const rule =
    check.level === 'recommendation'
      ? `${platform ?? 'the platform'} recommends ${allowed} at most`
      : platform
        ? `${platform} allows ${allowed}`
        : name.startsWith('email')
          ? `keep it to ${allowed} so inboxes show it whole`
          : `Google Ads allows ${allowed}`;
  return `${subject} is ${counted(check.value, 'character')}; ${rule}.`;
}
