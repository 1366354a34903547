import type { InputFieldBuilder } from '@pothos/core';
import { brandInputSchema, brandPatchSchema, brandRules } from '../brands/brand-rules.js';
import type { Brand } from '../brands/brands.js';
import { GuidelinesError, type GuidelinesFields, readGuidelines } from '../brands/guidelines.js';
import { brandGuidelines, guidelinesFormats } from '../brands/guidelines-export.js';
import { type BrandFieldChange, type GuidelinesPreview, previewGuidelines } from '../brands/guidelines-preview.js';
import { badInput } from '../errors.js';
import { ApprovalGateEnum } from './approval-gate.js';
import { builder, type SchemaTypes } from './builder.js';

const GuidelinesFormatEnum = builder.enumType('GuidelinesFormat', { values: guidelinesFormats });

export const BrandRef = builder.objectRef<Brand>('Brand').implement({
  description: "A brand's voice and rules, which the reviewing agents check content against.",
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    voice: t.exposeString('voice'),
    tone: t.exposeString('tone'),
    values: t.exposeStringList('values'),
    colors: t.exposeStringList('colors', { description: 'Brand colours as #RRGGBB.' }),
    prohibitedTopics: t.exposeStringList('prohibitedTopics'),
    keywords: t.exposeStringList('keywords'),
    guidelines: t.string({
      description:
        'The brand as a guidelines file that importBrandGuidelines reads back: JSON keeps every field exactly; Markdown is for people to read and edit.',
      args: { format: t.arg({ type: GuidelinesFormatEnum, defaultValue: 'JSON', required: true }) },
      resolve: (brand, { format }) => brandGuidelines(brand, format),
    }),
    defaultApprovalGates: t.field({
      type: [ApprovalGateEnum],
      description: "Where the brand's campaigns wait for approval unless a campaign names its own gates.",
      resolve: (brand) => brand.defaultApprovalGates,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const BrandFieldChangeRef = builder.objectRef<BrandFieldChange>('BrandFieldChange').implement({
  description: 'One section of a brand that a guidelines import would change.',
  fields: (t) => ({
    field: t.exposeString('field', { description: 'The brand field, e.g. prohibitedTopics.' }),
    label: t.exposeString('label', { description: 'The field as the UI names it, e.g. "Prohibited topics".' }),
    before: t.exposeStringList('before', { description: 'The value now (one entry for voice and tone); empty when unset.' }),
    after: t.exposeStringList('after', { description: 'The value after the import.' }),
  }),
});

const GuidelinesPreviewRef = builder.objectRef<GuidelinesPreview>('GuidelinesPreview').implement({
  description: 'What importing a guidelines file would do, before anything is saved.',
  fields: (t) => ({
    name: t.exposeString('name'),
    existing: t.field({
      type: BrandRef,
      nullable: true,
      description: 'The brand of that name the import would update; null when it would create one.',
      resolve: (preview) => preview.existing,
    }),
    changes: t.field({ type: [BrandFieldChangeRef], resolve: (preview) => preview.changes }),
    kept: t.exposeStringList('kept', { description: 'Sections the file does not have: the brand keeps its values for them.' }),
  }),
});

/** A file that cannot be read is bad input on the `file` argument, in the reader's words. */
async function guidelinesFrom(file: unknown): Promise<GuidelinesFields> {
  try {
    return await readGuidelines(file);
  } catch (error) {
    if (error instanceof GuidelinesError) throw badInput([{ field: 'file', rule: error.message }]);
    throw error;
  }
}

function brandFields(required: boolean) {
  return (t: InputFieldBuilder<SchemaTypes, 'InputObject'>) => ({
    name: t.string({ required, validate: { schema: brandRules.name } }),
    voice: t.string({ validate: { schema: brandRules.voice } }),
    tone: t.string({ validate: { schema: brandRules.tone } }),
    values: t.stringList({ validate: { schema: brandRules.values } }),
    colors: t.stringList({ validate: { schema: brandRules.colors } }),
    prohibitedTopics: t.stringList({ validate: { schema: brandRules.prohibitedTopics } }),
    keywords: t.stringList({ validate: { schema: brandRules.keywords } }),
    defaultApprovalGates: t.field({
      type: [ApprovalGateEnum],
      description: "Where the brand's campaigns wait for approval by default; [] for nowhere.",
      validate: { schema: brandRules.defaultApprovalGates },
    }),
  });
}

const BrandInput = builder.inputType('BrandInput', { fields: brandFields(true) });
const BrandPatchInput = builder.inputType('BrandPatchInput', {
  description: 'Only the fields given are changed.',
  fields: brandFields(false),
});

/** GraphQL gives null for omitted optional fields; the brand keeps its value for those. */
function withoutNulls<T extends object>(input: T): { [K in keyof T]?: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null && value !== undefined)) as never;
}

builder.queryFields((t) => ({
  brands: t.field({
    type: [BrandRef],
    description: 'All brands, by name.',
    resolve: (_root, _args, { brands }) => brands.list(),
  }),
  brand: t.field({
    type: BrandRef,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { brands }) => brands.get(String(id)),
  }),
  guidelinesPreview: t.field({
    type: GuidelinesPreviewRef,
    description: 'Reads a guidelines file (sent as a multipart upload) and says what importing it would change. Saves nothing.',
    args: { file: t.arg({ type: 'File', required: true }) },
    resolve: async (_root, { file }, { brands }) => {
      const fields = await guidelinesFrom(file);
      return previewGuidelines(fields, await brands.findByName(fields.name));
    },
  }),
}));

builder.mutationFields((t) => ({
  createBrand: t.field({
    type: BrandRef,
    args: { input: t.arg({ type: BrandInput, required: true }) },
    resolve: (_root, { input }, { brands }) => brands.create(brandInputSchema.parse(withoutNulls(input as object))),
  }),
  updateBrand: t.field({
    type: BrandRef,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: BrandPatchInput, required: true }) },
    resolve: (_root, { id, input }, { brands }) => brands.update(String(id), brandPatchSchema.parse(withoutNulls(input as object))),
  }),
  deleteBrand: t.field({
    type: BrandRef,
    description: 'Deletes the brand; its campaigns stay, without a brand.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { brands }) => brands.delete(String(id)),
  }),
  importBrandGuidelines: t.field({
    type: BrandRef,
    description:
      'Creates a brand from a JSON or Markdown guidelines file, or updates the brand of the same name with the sections the file has (the others keep their values).',
    args: { file: t.arg({ type: 'File', required: true }) },
    resolve: async (_root, { file }, { brands }) => brands.importGuidelines(await guidelinesFrom(file)),
  }),
}));
