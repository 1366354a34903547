// A brand as a guidelines file, the shape the import reads: JSON (every field exactly, so it
// re-imports losslessly) or Markdown (headed sections, for people to read and edit).
import type { BrandInput } from './brand-rules.js';

export const guidelinesFormats = ['JSON', 'MARKDOWN'] as const;
export type GuidelinesFormat = (typeof guidelinesFormats)[number];

type BrandFields = Pick<BrandInput, 'name' | 'voice' | 'tone' | 'values' | 'colors' | 'prohibitedTopics' | 'keywords'>;

function guidelinesJson(brand: BrandFields): string {
  const { name, voice, tone, values, colors, prohibitedTopics, keywords } = brand;
  return `${JSON.stringify({ name, voice, tone, values, colors, prohibitedTopics, keywords }, null, 2)}\n`;
}

const listSection = (title: string, entries: string[]) =>
  entries.length ? [`## ${title}`, '', ...entries.map((entry) => `- ${entry}`), ''] : [];
const textSection = (title: string, text: string) => (text ? [`## ${title}`, '', text, ''] : []);

function guidelinesMarkdown(brand: BrandFields): string {
  return [
    `# ${brand.name}`,
    '',
    ...textSection('Voice', brand.voice),
    ...textSection('Tone', brand.tone),
    ...listSection('Values', brand.values),
    ...listSection('Colors', brand.colors),
    ...listSection('Keywords', brand.keywords),
    ...listSection('Prohibited topics', brand.prohibitedTopics),
  ].join('\n');
}

export function brandGuidelines(brand: BrandFields, format: GuidelinesFormat): string {
  return format === 'JSON' ? guidelinesJson(brand) : guidelinesMarkdown(brand);
}
