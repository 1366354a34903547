// Brands as the product sees them, over the Prisma rows (whose lists are Json).
import type { PrismaClient } from '../db/client.js';
import type { Brand as BrandRow } from '../db/generated/client.js';
import { badInput, isUniqueViolation, notFound } from '../errors.js';
import type { ApprovalGate } from '../pipeline/types.js';
import type { BrandInput, BrandPatch } from './brand-rules.js';

export interface Brand extends BrandInput {
  id: string;
  createdAt: Date;
  updatedAt: Date;
}

const asStrings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

export function toBrand(row: BrandRow): Brand {
  return {
    id: row.id,
    name: row.name,
    voice: row.voice,
    tone: row.tone,
    values: asStrings(row.values),
    colors: asStrings(row.colors),
    prohibitedTopics: asStrings(row.prohibitedTopics),
    keywords: asStrings(row.keywords),
    defaultApprovalGates: asStrings(row.defaultApprovalGates).filter((gate): gate is ApprovalGate => gate === 'DRAFT' || gate === 'FINAL'),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function duplicateName(name: string | undefined, field: string) {
  return badInput([{ field, rule: `must be unique: a brand named "${name}" already exists` }]);
}

export class Brands {
  constructor(private readonly prisma: PrismaClient) {}

  async list(): Promise<Brand[]> {
    const rows = await this.prisma.brand.findMany({ orderBy: { name: 'asc' } });
    return rows.map(toBrand);
  }

  async find(id: string): Promise<Brand | null> {
    const row = await this.prisma.brand.findUnique({ where: { id } });
    return row ? toBrand(row) : null;
  }

  async get(id: string): Promise<Brand> {
    const brand = await this.find(id);
    if (!brand) throw notFound('Brand', id);
    return brand;
  }

  async create(input: BrandInput, nameField = 'input.name'): Promise<Brand> {
    try {
      return toBrand(await this.prisma.brand.create({ data: input }));
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateName(input.name, nameField);
      throw error;
    }
  }

  async update(id: string, patch: BrandPatch): Promise<Brand> {
    await this.get(id);
    try {
      return toBrand(await this.prisma.brand.update({ where: { id }, data: patch }));
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateName(patch.name, 'input.name');
      throw error;
    }
  }

  /** A guidelines import replaces the brand of the same name, or adds it. */
  async upsertByName(input: BrandInput): Promise<Brand> {
    const row = await this.prisma.brand.upsert({ where: { name: input.name }, create: input, update: input });
    return toBrand(row);
  }

  async delete(id: string): Promise<Brand> {
    const brand = await this.get(id);
    await this.prisma.brand.delete({ where: { id } });
    return brand;
  }
}
