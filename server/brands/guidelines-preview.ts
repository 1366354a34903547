// What importing a guidelines file would change in the brand of the same name, shown before it is applied.
import type { BrandInput } from './brand-rules.js';
import type { Brand } from './brands.js';
import { brandFieldLabels, type GuidelinesFields } from './guidelines.js';

export interface BrandFieldChange {
  field: keyof BrandInput;
  label: string;
  /** The brand's value now: one entry for voice and tone, the list for the others; empty when unset. */
  before: string[];
  after: string[];
}

export interface GuidelinesPreview {
  name: string;
  /** The brand the import would update; null when it would create a new brand. */
  existing: Brand | null;
  /** Sections in the file whose value differs from the brand's. */
  changes: BrandFieldChange[];
  /** Labels of the sections the file does not have: the brand keeps its values for these. */
  kept: string[];
}

const editableFields = ['voice', 'tone', 'values', 'colors', 'prohibitedTopics', 'keywords'] as const;

const asEntries = (value: string | string[] | undefined): string[] =>
  Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value];

export function previewGuidelines(fields: GuidelinesFields, existing: Brand | null): GuidelinesPreview {
  const changes: BrandFieldChange[] = [];
  const kept: string[] = [];
  for (const field of editableFields) {
    if (fields[field] === undefined) {
      kept.push(brandFieldLabels[field]);
      continue;
    }
    const before = asEntries(existing?.[field]);
    const after = asEntries(fields[field]);
    if (JSON.stringify(before) !== JSON.stringify(after)) changes.push({ field, label: brandFieldLabels[field], before, after });
  }
  return { name: fields.name, existing, changes, kept };
}
