// Verdicts that mean what the model said: a verdict whose flag contradicts its own score, whose
// issue quotes text the draft does not hold, or whose feedback is empty is read by a written rule
// (README, "Reviewers' verdicts"), and what was read differently is said on the step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrandVerdict, brandManager } from '../server/pipeline/agents/brand-manager.js';
import { type ComplianceVerdict, complianceOfficer } from '../server/pipeline/agents/compliance-officer.js';
import { keepVerdict } from '../server/pipeline/reply.js';
import { brandVerdictSense, COMPLIANCE_PASS_LINE, complianceVerdictSense, quotesFound } from '../server/pipeline/verdict-sense.js';
import { measureContent } from '../server/scoring/index.js';
import { agentOf, blogInput, createCampaign, getCampaign, runToEnd } from './support/campaigns.js';
import type { Json } from './support/graphql.js';
import { type ChatRequestSeen, type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { startTestServer, type TestServer, withoutRateLimits } from './support/server.js';

const draft = '# Fresh mornings\n\nOur **oat milk** is made in Oslo.\nIt tastes   like a SUMMER field.';
const context = { draft, brandThreshold: 70 };
const brand = (verdict: Partial<BrandVerdict>): BrandVerdict => ({ score: 80, revisionNeeded: false, feedback: ['Keep it.'], ...verdict });
const compliance = (verdict: Partial<ComplianceVerdict>): ComplianceVerdict => ({ passed: true, score: 90, issues: [], ...verdict });
const issue = (severity: 'low' | 'medium' | 'high', description: string) => ({ severity, description, suggestion: 'Soften it.' });

describe('the Brand Manager: the stricter of its flag and its score decides', () => {
  it('a verdict that agrees with itself is kept as it is, with nothing said', () => {
    for (const verdict of [brand({}), brand({ score: 40, revisionNeeded: true, feedback: ['Use the keyword.'] })]) {
      expect(brandVerdictSense(verdict, context)).toEqual({ verdict, repairs: [] });
    }
  });

  it('no revision asked for, but a score under the threshold: read as asking for one', () => {
    expect(brandVerdictSense(brand({ score: 45 }), context)).toEqual({
      verdict: brand({ score: 45, revisionNeeded: true }),
      repairs: ['The verdict asked for no revision but scored 45, under 70: read as asking for one.'],
    });
    // The threshold itself is a pass.
    expect(brandVerdictSense(brand({ score: 70 }), context).repairs).toEqual([]);
  });

  it('a revision asked for with a score at or over the threshold: the draft goes back, as asked', () => {
    expect(brandVerdictSense(brand({ score: 85, revisionNeeded: true }), context)).toEqual({
      verdict: brand({ score: 85, revisionNeeded: true }),
      repairs: ['The verdict asked for a revision though it scored 85, at or over 70: the draft goes back, as asked.'],
    });
  });

  it('no feedback with a revision asked for: the writer is told what the measurements say, in plain words', () => {
    const measurements = measureContent(draft, {
      contentType: 'BLOG_POST',
      brandKeywords: ['oat milk', 'planet', 'fair'],
      prohibitedTopics: ['Oslo'],
    });
    const measured = { ...measurements, similarity: null, similarityMethod: null };
    const { verdict, repairs } = brandVerdictSense(brand({ score: 40, revisionNeeded: true, feedback: [] }), { ...context, measured });
    expect(verdict.feedback).toEqual([
      "Bring the draft closer to the brand's voice, tone and values.",
      'Use the brand keywords: planet, fair.',
      'Leave out the prohibited topics: Oslo.',
    ]);
    expect(repairs).toEqual([
      'The verdict asked for a revision but gave no feedback: the writer is told to bring the draft closer to the brand.',
    ]);
    // Without measurements, the general instruction alone.
    expect(brandVerdictSense(brand({ score: 40, revisionNeeded: true, feedback: [] }), context).verdict.feedback).toEqual([
      "Bring the draft closer to the brand's voice, tone and values.",
    ]);
  });

  it('no feedback and no revision: said so in the feedback, nothing else changes', () => {
    expect(brandVerdictSense(brand({ score: 90, feedback: [] }), context)).toEqual({
      verdict: brand({ score: 90, feedback: ['The Brand Manager gave no feedback points.'] }),
      repairs: ['The verdict gave no feedback points.'],
    });
  });

  it('a reply with no feedback is read, not asked for again, and the verdict kept fits the schema', () => {
    const kept = keepVerdict(brandManager, JSON.stringify({ score: 40, revisionNeeded: false, feedback: ['', ' '] }), context);
    expect(kept.verdict).toEqual({
      score: 40,
      revisionNeeded: true,
      feedback: ["Bring the draft closer to the brand's voice, tone and values."],
    });
    expect(kept.repairs).toEqual([
      'Feedback had 2 empty entries; dropped them.',
      'The verdict asked for no revision but scored 40, under 70: read as asking for one.',
      'The verdict asked for a revision but gave no feedback: the writer is told to bring the draft closer to the brand.',
    ]);
    // What is saved is read again on resume with the schema `format` asks for.
    expect(brandManager.schema.parse(kept.verdict)).toEqual(kept.verdict);
  });
});

describe('quotations in a compliance issue', () => {
  it('are found case- and whitespace-insensitively, through Markdown and punctuation', () => {
    expect(quotesFound('The claim "oat milk is made in oslo" is vague.', draft)).toEqual({
      quotes: ['oat milk is made in oslo'],
      found: true,
    });
    expect(quotesFound('“It tastes like a summer field!” is a promise.', draft).found).toBe(true);
    expect(quotesFound('"Our oat milk … in Oslo" names a place.', draft).found).toBe(true);
    expect(quotesFound('"Our oat milk cures colds" is a health claim.', draft).found).toBe(false);
    expect(quotesFound('No quotation here.', draft)).toEqual({ quotes: [], found: true });
    // One quotation found is enough: the issue is about this text.
    expect(quotesFound('"Oslo" and "cures colds" are both risky.', draft).found).toBe(true);
  });
});

describe('the Compliance Officer', () => {
  it('a verdict that agrees with itself and quotes the draft is kept as it is', () => {
    const verdicts = [
      compliance({ issues: [issue('low', 'The word "summer" is vague.')] }),
      compliance({ passed: false, score: 40, issues: [issue('high', '"Made in Oslo" needs proof.')] }),
    ];
    for (const verdict of verdicts) expect(complianceVerdictSense(verdict, context)).toEqual({ verdict, repairs: [] });
  });

  it('an issue quoting text the draft does not contain is dropped, and so does not count', () => {
    const made = issue('high', 'The claim “cures every cold overnight” is unsupported.');
    const { verdict, repairs } = complianceVerdictSense(compliance({ issues: [made, issue('low', '"Oslo" is vague.')] }), context);
    expect(verdict).toEqual(compliance({ issues: [issue('low', '"Oslo" is vague.')] }));
    expect(repairs).toEqual([
      'Dropped the high-severity issue "The claim “cures every cold overnight” is unsupported.": it quotes “cures every cold overnight”, which the text reviewed does not contain.',
    ]);
  });

  it('an issue about something missing may quote what should be there', () => {
    const verdict = compliance({ issues: [issue('medium', 'The draft is missing the disclaimer "Results may vary".')] });
    expect(complianceVerdictSense(verdict, context)).toEqual({ verdict, repairs: [] });
  });

  it('passed with a high-severity issue: read as failed', () => {
    const { verdict, repairs } = complianceVerdictSense(compliance({ issues: [issue('high', '"Made in Oslo" needs proof.')] }), context);
    expect(verdict.passed).toBe(false);
    expect(repairs).toEqual(['The verdict passed the text but named a high-severity issue: read as failed.']);
  });

  it(`passed with a score under the pass line (${COMPLIANCE_PASS_LINE}, what scoring counts a failed verdict under): read as failed`, () => {
    expect(COMPLIANCE_PASS_LINE).toBe(60);
    const { verdict, repairs } = complianceVerdictSense(compliance({ score: 45 }), context);
    expect(verdict).toEqual(compliance({ score: 45, passed: false }));
    expect(repairs).toEqual(['The verdict passed the text but scored 45, under the pass line of 60: read as failed.']);
    expect(complianceVerdictSense(compliance({ score: 60 }), context).repairs).toEqual([]);
  });

  it('failed with a high score and nothing above low severity: kept as failed, and said so', () => {
    const verdict = compliance({ passed: false, score: 85, issues: [issue('low', '"summer" is vague.')] });
    expect(complianceVerdictSense(verdict, context)).toEqual({
      verdict,
      repairs: [
        'The verdict failed the text though it scored 85 and named no issue of medium or high severity: kept as failed, so compliance counts 59 at most.',
      ],
    });
  });

  it('failed without naming an issue: kept as failed, with a general issue for the Optimizer to act on', () => {
    const { verdict, repairs } = complianceVerdictSense(compliance({ passed: false, score: 50 }), context);
    expect(verdict.passed).toBe(false);
    expect(verdict.issues).toEqual([
      {
        severity: 'medium',
        description: 'The Compliance Officer failed the text without naming an issue.',
        suggestion: 'Check every claim, promise and sensitive wording; keep only what can be backed.',
      },
    ]);
    expect(repairs).toEqual([
      'The verdict failed the text without naming an issue: kept as failed, with a general issue to check every claim.',
    ]);
    expect(complianceOfficer.schema.parse(verdict)).toEqual(verdict);
  });

  it('a failure whose only issue quoted absent text is a failure without an issue', () => {
    const { verdict, repairs } = complianceVerdictSense(
      compliance({ passed: false, score: 50, issues: [issue('high', '"Cures colds" is a health claim.')] }),
      context,
    );
    expect(verdict.issues.map((kept) => kept.description)).toEqual(['The Compliance Officer failed the text without naming an issue.']);
    expect(repairs).toHaveLength(2);
  });
});

describe('through the pipeline', () => {
  let ollama: OllamaStandIn;
  let server: TestServer;
  beforeAll(async () => {
    ollama = await startOllamaStandIn();
    server = await startTestServer({ ...withoutRateLimits, OLLAMA_HOST: ollama.url, LLM_RETRY_DELAY_MS: '10' });
  });
  afterAll(async () => {
    await server.stop();
    await ollama.close();
  });

  it('a contradictory Brand Manager verdict and an issue quoting absent text end as the rules say, said on the steps', async () => {
    const made = 'The claim “cures every cold overnight” is unsupported.';
    let brandCalls = 0;
    ollama.options.chat = (request: ChatRequestSeen) => {
      const agent = agentOf(request);
      // The first review asks for no revision with a failing score; later ones (persona) are left alone.
      if (agent === 'BRAND_MANAGER' && brandCalls++ === 0) {
        return { reply: JSON.stringify({ score: 45, revisionNeeded: false, feedback: ['Name the product in the headline.'] }) };
      }
      if (agent === 'COMPLIANCE_OFFICER') {
        return {
          reply: JSON.stringify({ passed: true, score: 90, issues: [{ severity: 'high', description: made, suggestion: 'Remove it.' }] }),
        };
      }
      return undefined;
    };
    try {
      const { id } = await createCampaign(server.graphqlUrl, blogInput);
      await runToEnd(server.graphqlUrl, id);
      const campaign = await getCampaign(server.graphqlUrl, id);
      expect(campaign.status).toBe('COMPLETED');
      const steps = (role: string) => campaign.steps.filter((step: Json) => step.role === role && step.stage === 'DRAFT');
      const [firstReview] = steps('BRAND_MANAGER');
      expect(firstReview).toMatchObject({ score: 45, passed: false });
      expect(firstReview.repairs).toContain('The verdict asked for no revision but scored 45, under 70: read as asking for one.');
      // Read as asking for a revision: the writer wrote the draft again.
      expect(steps('CONTENT_CREATOR').length).toBeGreaterThanOrEqual(2);
      for (const step of campaign.steps.filter((each: Json) => each.role === 'COMPLIANCE_OFFICER')) {
        expect(step.passed).toBe(true);
        expect(step.repairs.join(' ')).toMatch(/^Dropped the high-severity issue ".*cures every cold overnight.*": it quotes/);
        expect(step.feedback).toEqual(['No compliance issues found.']);
      }
      // Not scored, and not handed on as an issue of the content.
      expect(campaign.complianceIssues).toEqual([]);
      expect(JSON.stringify(campaign.feedback)).not.toMatch(/cures every cold/);
    } finally {
      ollama.options.chat = undefined;
    }
  });
});
