import type { InputFieldBuilder } from '@pothos/core';
import { brandInputSchema, brandPatchSchema, brandRules } from '../brands/brand-rules.js';
import type { Brand } from '../brands/brands.js';
import { GuidelinesError, readGuidelines } from '../brands/guidelines.js';
import { badInput } from '../errors.js';
import { ApprovalGateEnum } from './approval-gate.js';
import { builder, type SchemaTypes } from './builder.js';

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
    defaultApprovalGates: t.field({
      type: [ApprovalGateEnum],
      description: "Where the brand's campaigns wait for approval unless a campaign names its own gates.",
      resolve: (brand) => brand.defaultApprovalGates,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

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
    description: 'Creates a brand from a JSON or Markdown guidelines file, or updates the brand of the same name.',
    args: { file: t.arg({ type: 'File', required: true }) },
    resolve: async (_root, { file }, { brands }) => {
      try {
        return await brands.upsertByName(await readGuidelines(file));
      } catch (error) {
        if (error instanceof GuidelinesError) throw badInput([{ field: 'file', rule: error.message }]);
        throw error;
      }
    },
  }),
}));
