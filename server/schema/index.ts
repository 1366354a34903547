import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.js';
import './brand.js';
import './campaign.js';
import './approval.js';
import './result-cache.js';
import './events.js';
import './health.js';
import './stats.js';
import './webhook.js';

export const schema = builder.toSchema();

/** schema.graphql's contents: the printed schema, sorted so that diffs stay small. */
export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
