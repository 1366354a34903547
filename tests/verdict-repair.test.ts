import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ZodType, z } from 'zod';
import { type BrandVerdict, brandVerdictSchema } from '../server/pipeline/agents/brand-manager.js';
import { type ComplianceVerdict, complianceVerdictSchema } from '../server/pipeline/agents/compliance-officer.js';
import { type DesignVerdict, designSchema } from '../server/pipeline/agents/design-validator.js';
import { describeVerdictSchema, repairVerdict, UnusableVerdict } from '../server/pipeline/verdict-repair.js';

// ---------------------------------------------------------------- fixtures: one good verdict per reviewer

const brandVerdict: BrandVerdict = {
  score: 82,
  revisionNeeded: false,
  feedback: ['Keep the opening question.', 'Name the product in the headline.'],
};

const complianceVerdict: ComplianceVerdict = {
  passed: true,
  score: 90,
  issues: [{ severity: 'low', description: 'The claim "the best" is absolute.', suggestion: 'Say "one of the best".' }],
};

const image = { type: 'Product photo', description: 'The bottle on a kitchen table.' };
const designVerdict: DesignVerdict = {
  imageTypes: [image, { type: 'Lifestyle', description: 'A runner at dawn.' }, { type: 'Illustration', description: 'The recipe.' }],
  palette: [
    { hex: '#1A7F5A', role: 'primary' },
    { hex: '#FFFFFF', role: 'background' },
  ],
  typography: 'A humanist sans for headings, a serif for body text.',
  layout: 'One column, image on top, call to action last.',
};

const reply = (document: unknown): string => JSON.stringify(document);
const colour = (index: number) => ({ hex: `#00000${index}`, role: `accent ${index}` });
const points = (n: number) => Array.from({ length: n }, (_, index) => `Point ${index + 1}.`);

interface RepairCase {
  name: string;
  schema: ZodType<unknown>;
  reply: string;
  verdict: unknown;
  repairs: string[];
}

// ---------------------------------------------------------------- the no-repair path

const matchingCases: Omit<RepairCase, 'reply' | 'repairs'>[] = [
  { name: 'brand', schema: brandVerdictSchema, verdict: brandVerdict },
  { name: 'compliance', schema: complianceVerdictSchema, verdict: complianceVerdict },
  { name: 'compliance with no issues', schema: complianceVerdictSchema, verdict: { ...complianceVerdict, issues: [] } },
  { name: 'design', schema: designSchema, verdict: designVerdict },
];

describe('a reply that already matches', () => {
  it.each(matchingCases)('$name: read as it is, with no repairs', ({ schema, verdict }) => {
    expect(repairVerdict(schema, reply(verdict))).toEqual({ verdict, repairs: [] });
    expect(repairVerdict(schema, JSON.stringify(verdict, null, 2))).toEqual({ verdict, repairs: [] });
  });

  it('extra fields alone: the schema already drops them, so nothing is named', () => {
    expect(repairVerdict(brandVerdictSchema, reply({ ...brandVerdict, reasoning: 'Fine.', Score: 3 }))).toEqual({
      verdict: brandVerdict,
      repairs: [],
    });
  });

  it('a blank text the schema accepts is not trimmed into an unusable one', () => {
    const issues = [{ ...complianceVerdict.issues[0], suggestion: '  ' }];
    expect(repairVerdict(complianceVerdictSchema, reply({ ...complianceVerdict, issues }))).toEqual({
      verdict: { ...complianceVerdict, issues },
      repairs: [],
    });
    expect(repairVerdict(complianceVerdictSchema, reply({ ...complianceVerdict, score: '90', issues })).verdict.issues).toEqual(issues);
  });
});

// ---------------------------------------------------------------- every repair, on the real schemas

const repairCases: RepairCase[] = [
  // Where the JSON is in the reply
  {
    name: 'brand: a ```json code fence',
    schema: brandVerdictSchema,
    reply: `\`\`\`json\n${reply(brandVerdict)}\n\`\`\``,
    verdict: brandVerdict,
    repairs: ['the JSON was wrapped in a code fence'],
  },
  {
    name: 'brand: a fence with a sentence before and after it',
    schema: brandVerdictSchema,
    reply: `Here is my verdict:\n\`\`\`\n${reply(brandVerdict)}\n\`\`\`\nLet me know if you need more.`,
    verdict: brandVerdict,
    repairs: ['the JSON was wrapped in a code fence', 'the reply had text before and after the JSON object'],
  },
  {
    name: 'compliance: a sentence before the object',
    schema: complianceVerdictSchema,
    reply: `Sure! Here is the compliance review: ${reply(complianceVerdict)}`,
    verdict: complianceVerdict,
    repairs: ['the reply had text before the JSON object'],
  },
  {
    name: 'design: a sentence after the object, with braces inside its strings',
    schema: designSchema,
    reply: `${reply({ ...designVerdict, layout: 'Use a {grid} of "two" columns.' })}\n\nI hope {this} helps.`,
    verdict: { ...designVerdict, layout: 'Use a {grid} of "two" columns.' },
    repairs: ['the reply had text after the JSON object'],
  },
  {
    name: 'brand: the first {...} is not JSON, the second is the verdict',
    schema: brandVerdictSchema,
    reply: `Fill in {score} and {feedback}: ${reply(brandVerdict)}`,
    verdict: brandVerdict,
    repairs: ['the reply had text before the JSON object'],
  },
  // Several JSON objects
  {
    name: 'brand: an object that is no verdict, then the verdict',
    schema: brandVerdictSchema,
    reply: `The format is {"field": "value"}. My review: ${reply(brandVerdict)}`,
    verdict: brandVerdict,
    repairs: ['the reply had text before the JSON object', 'the reply held 2 JSON objects; read the one that is a verdict'],
  },
  {
    name: 'compliance: the same verdict twice is one verdict',
    schema: complianceVerdictSchema,
    reply: `${reply(complianceVerdict)}\n\nTo repeat: ${reply(complianceVerdict)}`,
    verdict: complianceVerdict,
    repairs: ['the reply had text after the JSON object'],
  },
  {
    name: 'brand: a verdict in a code fence after an object that is none',
    schema: brandVerdictSchema,
    reply: `Fields: {"score": "a number"}\n\`\`\`json\n${reply(brandVerdict)}\n\`\`\``,
    verdict: brandVerdict,
    repairs: [
      'the JSON was wrapped in a code fence',
      'the reply had text before the JSON object',
      'the reply held 2 JSON objects; read the one that is a verdict',
    ],
  },
  // Numbers
  {
    name: 'compliance: score 85.5',
    schema: complianceVerdictSchema,
    reply: reply({ ...complianceVerdict, score: 85.5 }),
    verdict: { ...complianceVerdict, score: 86 },
    repairs: ['score 85.5 was rounded to 86'],
  },
  {
    name: 'brand: score "85"',
    schema: brandVerdictSchema,
    reply: reply({ ...brandVerdict, score: '85' }),
    verdict: { ...brandVerdict, score: 85 },
    repairs: ['score "85" was read as 85'],
  },
  {
    name: 'compliance: score "85/100"',
    schema: complianceVerdictSchema,
    reply: reply({ ...complianceVerdict, score: '85/100' }),
    verdict: { ...complianceVerdict, score: 85 },
    repairs: ['score "85/100" was read as 85'],
  },
  {
    name: 'brand: score "8 out of 10" is scaled to the 0-100 range',
    schema: brandVerdictSchema,
    reply: reply({ ...brandVerdict, score: '8 out of 10' }),
    verdict: { ...brandVerdict, score: 80 },
    repairs: ['score "8 out of 10" was read as 80'],
  },
  {
    name: 'brand: score "85%"',
    schema: brandVerdictSchema,
    reply: reply({ ...brandVerdict, score: '85%' }),
    verdict: { ...brandVerdict, score: 85 },
    repairs: ['score "85%" was read as 85'],
  },
  // Booleans
  {
    name: 'brand: revisionNeeded "true"',
    schema: brandVerdictSchema,
    reply: reply({ ...brandVerdict, revisionNeeded: 'true' }),
    verdict: { ...brandVerdict, revisionNeeded: true },
    repairs: ['revisionNeeded "true" was read as true'],
  },
  {
    name: 'brand: revisionNeeded "Yes"',
    schema: brandVerdictSchema,
    reply: reply({ ...brandVerdict, revisionNeeded: 'Yes' }),
    verdict: { ...brandVerdict, revisionNeeded: true },
    repairs: ['revisionNeeded "Yes" was read as true'],
  },
  {
    name: 'compliance: passed "no"',
    schema: complianceVerdictSchema,
    reply: reply({ ...complianceVerdict, passed: 'no' }),
    verdict: { ...complianceVerdict, passed: false },
    repairs: ['passed "no" was read as false'],
  },
  {
    name: 'compliance: passed " FALSE "',
    schema: complianceVerdictSchema,
    reply: reply({ ...complianceVerdict, passed: ' FALSE ' }),
    verdict: { ...complianceVerdict, passed: false },
    repairs: ['passed " FALSE " was read as false'],
  },
  // Lists
  {
    name: 'brand: nine feedback points where eight fit',
    schema: brandVerdictSchema,
    reply: reply({ ...brandVerdict, feedback: points(9) }),
    verdict: { ...brandVerdict, feedback: points(8) },
    repairs: ['feedback had 9 entries; kept the first 8'],
  },
  {
    name: 'brand: empty strings in the feedback',
    schema: brandVerdictSchema,
    reply: reply({ ...brandVerdict, feedback: ['', 'Keep the opening question.', '   ', 'Shorter sentences.'] }),
    verdict: { ...brandVerdict, feedback: ['Keep the opening question.', 'Shorter sentences.'] },
    repairs: ['feedback had 2 empty entries; dropped them'],
  },
  {
    name: 'brand: empty points are dropped before the list is cut to eight',
    schema: brandVerdictSchema,
    reply: reply({ ...brandVerdict, feedback: ['', ...points(8), null] }),
    verdict: { ...brandVerdict, feedback: points(8) },
    repairs: ['feedback had 2 empty entries; dropped them'],
  },
  {
    name: 'brand: feedback as one text instead of a list',
    schema: brandVerdictSchema,
    reply: reply({ ...brandVerdict, feedback: 'Name the product in the headline.' }),
    verdict: { ...brandVerdict, feedback: ['Name the product in the headline.'] },
    repairs: ['feedback was a single text; made it a list of one'],
  },
  {
    name: 'design: four image types where exactly three fit',
    schema: designSchema,
    reply: reply({ ...designVerdict, imageTypes: [...designVerdict.imageTypes, image] }),
    verdict: designVerdict,
    repairs: ['imageTypes had 4 entries; kept the first 3'],
  },
  {
    name: 'design: seven palette colours where six fit',
    schema: designSchema,
    reply: reply({ ...designVerdict, palette: [1, 2, 3, 4, 5, 6, 7].map(colour) }),
    verdict: { ...designVerdict, palette: [1, 2, 3, 4, 5, 6].map(colour) },
    repairs: ['palette had 7 entries; kept the first 6'],
  },
  // Strings
  {
    name: 'brand: feedback points with spaces around them (trimmed once anything else needs repair)',
    schema: brandVerdictSchema,
    reply: reply({ ...brandVerdict, score: '82', feedback: ['  Keep the opening question.\n', 'Name the product in the headline.'] }),
    verdict: brandVerdict,
    repairs: ['score "82" was read as 82', 'feedback[0] was trimmed of surrounding whitespace'],
  },
  {
    name: 'design: typography and a palette role with spaces around them, in a fence',
    schema: designSchema,
    reply: `\`\`\`${reply({ ...designVerdict, typography: ` ${designVerdict.typography}\n`, palette: [colour(1), { ...colour(2), role: 'accent 2 ' }] })}\`\`\``,
    verdict: { ...designVerdict, palette: [colour(1), colour(2)] },
    repairs: [
      'the JSON was wrapped in a code fence',
      'palette[1].role was trimmed of surrounding whitespace',
      'typography was trimmed of surrounding whitespace',
    ],
  },
  {
    name: 'compliance: severity "High" in the wrong case',
    schema: complianceVerdictSchema,
    reply: reply({ ...complianceVerdict, issues: [{ ...complianceVerdict.issues[0], severity: 'High' }] }),
    verdict: { ...complianceVerdict, issues: [{ ...complianceVerdict.issues[0], severity: 'high' }] },
    repairs: ['issues[0].severity "High" was read as "high"'],
  },
  // Keys
  {
    name: 'brand: "Score" and "revision_needed"',
    schema: brandVerdictSchema,
    reply: reply({ Score: 82, revision_needed: false, feedback: brandVerdict.feedback }),
    verdict: brandVerdict,
    repairs: ['the key "Score" was read as "score"', 'the key "revision_needed" was read as "revisionNeeded"'],
  },
  {
    name: 'compliance: "PASSED" and "Issues" with "Severity" inside',
    schema: complianceVerdictSchema,
    reply: reply({ PASSED: true, score: 90, Issues: [{ ...complianceVerdict.issues[0], severity: undefined, Severity: 'low' }] }),
    verdict: complianceVerdict,
    repairs: [
      'the key "PASSED" was read as "passed"',
      'the key "Issues" was read as "issues"',
      'the key "Severity" in issues[0] was read as "severity"',
    ],
  },
  {
    name: 'design: palette entries with "Hex" and "ROLE" (arrays of objects walk the same way)',
    schema: designSchema,
    reply: reply({
      ...designVerdict,
      palette: [{ Hex: '#1A7F5A', ROLE: 'primary' }, designVerdict.palette[1]],
      image_types: designVerdict.imageTypes,
    }),
    verdict: designVerdict,
    repairs: [
      'dropped "image_types"; "imageTypes" was also given',
      'the key "Hex" in palette[0] was read as "hex"',
      'the key "ROLE" in palette[0] was read as "role"',
    ],
  },
  {
    name: 'brand: "score" and "Score" both given: the exact key wins',
    schema: brandVerdictSchema,
    reply: `${reply({ ...brandVerdict, score: 82.2 }).slice(0, -1)}, "Score": 10, "revision-needed": "no"}`,
    verdict: brandVerdict,
    repairs: [
      'dropped "Score"; "score" was also given',
      'dropped "revision-needed"; "revisionNeeded" was also given',
      'score 82.2 was rounded to 82',
    ],
  },
  {
    name: 'brand: an extra field beside a repair',
    schema: brandVerdictSchema,
    reply: reply({ ...brandVerdict, score: '82', reasoning: 'The tone is right.' }),
    verdict: brandVerdict,
    repairs: ['dropped the unknown field "reasoning"', 'score "82" was read as 82'],
  },
  {
    name: 'compliance: an extra field inside an issue',
    schema: complianceVerdictSchema,
    reply: reply({ ...complianceVerdict, score: 90.2, issues: [{ ...complianceVerdict.issues[0], line: 3 }] }),
    verdict: complianceVerdict,
    repairs: ['score 90.2 was rounded to 90', 'dropped the unknown field "line" in issues[0]'],
  },
  // Everything at once, the way a 7B model can manage it
  {
    name: 'brand: many repairs in one reply',
    schema: brandVerdictSchema,
    reply: `Here you go:\n\`\`\`json\n${reply({ Score: '95/100', revision_needed: 'YES', feedback: ['', ...points(9)], mood: 'good' })}\n\`\`\``,
    verdict: { score: 95, revisionNeeded: true, feedback: points(8) },
    repairs: [
      'the JSON was wrapped in a code fence',
      'the reply had text before the JSON object',
      'the key "Score" was read as "score"',
      'the key "revision_needed" was read as "revisionNeeded"',
      'dropped the unknown field "mood"',
      'score "95/100" was read as 95',
      'revisionNeeded "YES" was read as true',
      'feedback had 1 empty entry; dropped it',
      'feedback had 9 entries; kept the first 8',
    ],
  },
];

describe('a reply that means the right thing in the wrong shape', () => {
  it.each(repairCases)('$name', ({ schema, reply, verdict, repairs }) => {
    const repaired = repairVerdict(schema, reply);
    expect(repaired.repairs).toEqual(repairs);
    expect(repaired.verdict).toEqual(verdict);
    // What comes out always satisfies the schema as it is.
    expect(schema.parse(repaired.verdict)).toEqual(verdict);
  });
});

// ---------------------------------------------------------------- missing fields, defaults and null: generic over any schema

describe('a missing field', () => {
  const extended = brandVerdictSchema.extend({
    headline: z.string().optional(),
    tone: z.enum(['formal', 'casual']).default('casual'),
    tags: z.array(z.string().min(1)).min(1).default(['general']),
    confidence: z.number().min(0).max(1).nullable(),
  });
  const base = { ...brandVerdict, confidence: null };

  it('is left out when optional and filled when it has a default, with no repair named', () => {
    expect(repairVerdict(extended, reply({ ...base, score: '82' }))).toEqual({
      verdict: { ...brandVerdict, confidence: null, tone: 'casual', tags: ['general'] },
      repairs: ['score "82" was read as 82'],
    });
  });

  it('given as null is left out when optional and defaulted when it has a default', () => {
    expect(repairVerdict(extended, reply({ ...base, headline: null, tone: null }))).toEqual({
      verdict: { ...brandVerdict, confidence: null, tone: 'casual', tags: ['general'] },
      repairs: ['headline was null; left it out', 'tone was null; used the default'],
    });
  });

  it('a list below its minimum takes the default when there is one', () => {
    expect(repairVerdict(extended, reply({ ...base, tags: ['', ' '] })).verdict.tags).toEqual(['general']);
    expect(repairVerdict(extended, reply({ ...base, tags: [] })).repairs).toEqual(['tags had 0 entries, fewer than 1; used the default']);
  });

  it('a nullable number keeps null and repairs a number', () => {
    expect(repairVerdict(extended, reply({ ...base, confidence: '80%' })).verdict.confidence).toBe(0.8);
    expect(repairVerdict(extended, reply({ ...base, confidence: null, score: 81.9 })).verdict).toMatchObject({
      score: 82,
      confidence: null,
    });
  });
});

// ---------------------------------------------------------------- what cannot be read without guessing

interface UnusableCase {
  name: string;
  schema: ZodType<unknown>;
  reply: string;
  message: string | RegExp;
}

const unusableCases: UnusableCase[] = [
  {
    name: 'no JSON at all',
    schema: brandVerdictSchema,
    reply: 'The draft fits the brand well. Score: 85.',
    message: 'the reply had no JSON object',
  },
  {
    name: 'an object cut off before its end',
    schema: brandVerdictSchema,
    reply: '{"score": 80, "revisionNeeded": false, "feedback": ["Keep',
    message: 'the JSON object in the reply was cut off before its closing brace',
  },
  {
    name: 'an object that is not JSON',
    schema: brandVerdictSchema,
    reply: "{score: 80, revisionNeeded: false, feedback: ['Keep it']}",
    message: /^the JSON object in the reply could not be read \(/,
  },
  {
    name: 'brand: score 105 is no score (not clamped)',
    schema: brandVerdictSchema,
    reply: reply({ ...brandVerdict, score: 105 }),
    message: 'score is 105; it must be at most 100',
  },
  {
    name: 'brand: score -3',
    schema: brandVerdictSchema,
    reply: reply({ ...brandVerdict, score: -3 }),
    message: 'score is -3; it must be at least 0',
  },
  {
    name: 'compliance: score 850',
    schema: complianceVerdictSchema,
    reply: `Overall: ${reply({ ...complianceVerdict, score: 850 })}`,
    message: 'score is 850; it must be at most 100',
  },
  {
    name: 'compliance: score "120.6" is read, then refused',
    schema: complianceVerdictSchema,
    reply: reply({ ...complianceVerdict, score: '120.6' }),
    message: 'score is 121; it must be at most 100',
  },
  {
    name: 'compliance: an example verdict echoed before the real one: two different verdicts',
    schema: complianceVerdictSchema,
    reply: `For example {"passed": true, "score": 100, "issues": []}. Here is mine: ${reply({ ...complianceVerdict, passed: false, score: 40 })}`,
    message: 'the reply held 2 different verdicts; which one the model meant cannot be told',
  },
  {
    name: 'brand: two different verdicts',
    schema: brandVerdictSchema,
    reply: `${reply(brandVerdict)}\n${reply({ ...brandVerdict, score: 45, revisionNeeded: true })}`,
    message: 'the reply held 2 different verdicts',
  },
  {
    name: 'brand: the score is missing (never invented)',
    schema: brandVerdictSchema,
    reply: reply({ revisionNeeded: true, feedback: ['Shorter.'] }),
    message: 'score is missing',
  },
  {
    name: 'brand: score null',
    schema: brandVerdictSchema,
    reply: reply({ ...brandVerdict, score: null }),
    message: 'score must be a number but was null',
  },
  {
    name: 'brand: score in words',
    schema: brandVerdictSchema,
    reply: reply({ ...brandVerdict, score: 'eighty' }),
    message: 'score must be a number but was "eighty"',
  },
  {
    name: 'brand: score out of nothing',
    schema: brandVerdictSchema,
    reply: reply({ ...brandVerdict, score: '85/0' }),
    message: 'score must be a number but was "85/0"',
  },
  {
    name: 'brand: revisionNeeded "maybe"',
    schema: brandVerdictSchema,
    reply: reply({ ...brandVerdict, revisionNeeded: 'maybe' }),
    message: 'revisionNeeded must be true or false but was "maybe"',
  },
  {
    name: 'brand: revisionNeeded "constructor" (no lookup on the object prototype)',
    schema: brandVerdictSchema,
    reply: reply({ ...brandVerdict, revisionNeeded: 'constructor' }),
    message: 'revisionNeeded must be true or false but was "constructor"',
  },
  {
    name: 'brand: no feedback points',
    schema: brandVerdictSchema,
    reply: reply({ ...brandVerdict, feedback: [] }),
    message: 'feedback needs at least 1 entry but had 0',
  },
  {
    name: 'brand: only empty feedback points',
    schema: brandVerdictSchema,
    reply: reply({ ...brandVerdict, feedback: ['', '  '] }),
    message: 'feedback needs at least 1 entry but had 0',
  },
  {
    name: 'brand: two fields broken, both named',
    schema: brandVerdictSchema,
    reply: reply({ feedback: [], revisionNeeded: false }),
    message: 'score is missing; feedback needs at least 1 entry but had 0',
  },
  {
    name: 'compliance: a severity outside the list',
    schema: complianceVerdictSchema,
    reply: reply({ ...complianceVerdict, issues: [{ ...complianceVerdict.issues[0], severity: 'critical' }] }),
    message: 'issues[0].severity "critical" is not one of "low", "medium", "high"',
  },
  {
    name: 'compliance: an issue with an empty description',
    schema: complianceVerdictSchema,
    reply: reply({ ...complianceVerdict, issues: [{ ...complianceVerdict.issues[0], description: '' }] }),
    message: 'issues[0].description is empty',
  },
  {
    name: 'compliance: issues missing',
    schema: complianceVerdictSchema,
    reply: reply({ passed: true, score: 90 }),
    message: 'issues is missing',
  },
  {
    name: 'design: two image types where three are needed',
    schema: designSchema,
    reply: reply({ ...designVerdict, imageTypes: designVerdict.imageTypes.slice(0, 2) }),
    message: 'imageTypes needs exactly 3 entries but had 2',
  },
  {
    name: 'design: one palette colour',
    schema: designSchema,
    reply: reply({ ...designVerdict, palette: [colour(1)] }),
    message: 'palette needs at least 2 entries but had 1',
  },
  {
    name: 'design: a colour that is not a hex code',
    schema: designSchema,
    reply: reply({ ...designVerdict, palette: [colour(1), { hex: 'forest green', role: 'accent' }] }),
    message: 'palette[1].hex must be a colour in #RRGGBB form, e.g. "#1A7F5A"',
  },
  {
    name: 'design: typography missing',
    schema: designSchema,
    reply: reply({ ...designVerdict, typography: undefined }),
    message: 'typography is missing',
  },
];

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('a reply that cannot be used', () => {
  it.each(unusableCases)('$name', ({ schema, reply, message }) => {
    expect(() => repairVerdict(schema, reply)).toThrow(UnusableVerdict);
    expect(() => repairVerdict(schema, reply)).toThrow(message);
  });

  it('carries the reply and the repairs made before giving up', () => {
    const text = `\`\`\`json\n${reply({ Score: 80, feedback: [] })}\n\`\`\``;
    const error = thrown(() => repairVerdict(brandVerdictSchema, text));
    expect(error).toBeInstanceOf(UnusableVerdict);
    expect(error).toMatchObject({
      message: 'revisionNeeded is missing; feedback needs at least 1 entry but had 0',
      text,
      repairs: ['the JSON was wrapped in a code fence', 'the key "Score" was read as "score"'],
    });
  });
});

// ---------------------------------------------------------------- the schema in words, for the prompt

/** Every field name in a JSON Schema, nested objects and list entries included. */
function fieldNames(node: unknown): string[] {
  const { properties, items } = node as { properties?: Record<string, unknown>; items?: unknown };
  return [
    ...Object.entries(properties ?? {}).flatMap(([name, field]) => [name, ...fieldNames(field)]),
    ...(items ? fieldNames(items) : []),
  ];
}

describe('describeVerdictSchema', () => {
  it.each([
    {
      name: 'brand',
      schema: brandVerdictSchema,
      ranges: ['score: a whole number from 0 to 100', 'feedback: a list of 1 to 8 entries, each text, not empty'],
    },
    {
      name: 'compliance',
      schema: complianceVerdictSchema,
      ranges: ['score: a whole number from 0 to 100', 'issues: a list of at most 10 entries', 'severity: one of "low", "medium", "high"'],
    },
    {
      name: 'design',
      schema: designSchema,
      ranges: [
        'imageTypes: a list of exactly 3 entries',
        'palette: a list of 2 to 6 entries',
        'hex: text, matching ^#[0-9A-Fa-f]{6}$',
        'layout: text, not empty',
      ],
    },
  ] satisfies { name: string; schema: ZodType<unknown>; ranges: string[] }[])(
    '$name: names every field with its type, range and description',
    ({ schema, ranges }) => {
      const words = describeVerdictSchema(schema);
      const names = fieldNames(z.toJSONSchema(schema));
      expect(names.length).toBeGreaterThan(2);
      for (const name of names) expect(words).toMatch(new RegExp(`^ *- ${name}: `, 'm'));
      for (const range of ranges) expect(words).toContain(range);
      for (const description of Object.values(z.toJSONSchema(schema).properties ?? {}).map(
        (field) => (field as { description?: string }).description,
      )) {
        if (description) expect(words).toContain(description);
      }
    },
  );

  it('reads the brand schema as a model would need it', () => {
    expect(describeVerdictSchema(brandVerdictSchema)).toBe(
      [
        'Reply with one JSON object and nothing else (no code fence, no text around it), with exactly these fields:',
        '- score: a whole number from 0 to 100. How well the draft fits the brand, 0-100',
        '- revisionNeeded: true or false. Whether the draft must go back to the writer',
        '- feedback: a list of 1 to 8 entries, each text, not empty. Concrete points: what to keep, what to change',
      ].join('\n'),
    );
  });

  it('nests the fields of list entries under their list', () => {
    expect(describeVerdictSchema(complianceVerdictSchema)).toContain(
      '- issues: a list of at most 10 entries, each an object. Each entry has these fields:\n  - severity: one of "low", "medium", "high"',
    );
  });

  it('says which fields are optional, their defaults, and open-ended ranges', () => {
    const words = describeVerdictSchema(
      z.object({
        headline: z.string().max(80).optional(),
        tone: z.enum(['formal', 'casual']).default('casual'),
        confidence: z.number().min(0).describe('How sure, from 0').nullable(),
        count: z.number().int(),
      }),
    );
    expect(words).toContain('- headline (optional): text, at most 80 characters');
    expect(words).toContain('- tone (optional, default "casual"): one of "formal", "casual"');
    expect(words).toContain('- confidence: a number of at least 0, or null. How sure, from 0');
    expect(words).toMatch(/^- count: a whole number$/m);
  });
});

// ---------------------------------------------------------------- any reply at all

describe('any reply', () => {
  it('is either a verdict the schema accepts or an UnusableVerdict, never another error', () => {
    const value = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constant('85/100'),
      fc.constant('yes'),
    );
    const document = fc.record(
      {
        Score: value,
        score: value,
        revision_needed: value,
        feedback: fc.array(value),
        issues: fc.array(fc.dictionary(fc.string(), value)),
      },
      {
        requiredKeys: [],
      },
    );
    fc.assert(
      fc.property(fc.string(), document, fc.string(), (before, verdict, after) => {
        for (const schema of [brandVerdictSchema, complianceVerdictSchema, designSchema] as ZodType<unknown>[]) {
          try {
            expect(schema.safeParse(repairVerdict(schema, `${before}${reply(verdict)}${after}`).verdict).success).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(UnusableVerdict);
          }
        }
      }),
    );
  });

  it('a good verdict between sentences without braces comes out whole', () => {
    const prose = fc.string().filter((text) => !text.includes('{') && !text.includes('`'));
    fc.assert(
      fc.property(prose, prose, (before, after) => {
        expect(repairVerdict(brandVerdictSchema, `${before}${reply(brandVerdict)}${after}`).verdict).toEqual(brandVerdict);
      }),
    );
  });
});
