// `npm run schema`: rewrites schema.graphql and the client's introspection types from the Pothos schema.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { printedSchema } from './index.js';
import { introspectionFile, introspectionFilePath } from './introspection-file.js';

const root = resolve(import.meta.dirname, '../..');
for (const [path, contents] of [
  ['schema.graphql', printedSchema()],
  [introspectionFilePath, introspectionFile()],
] as const) {
  await writeFile(resolve(root, path), contents);
  console.log(`wrote ${path}`);
}
