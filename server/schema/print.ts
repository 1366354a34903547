// `npm run schema`: rewrites schema.graphql from the Pothos schema.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { printedSchema } from './index.js';

const target = resolve(import.meta.dirname, '../../schema.graphql');
await writeFile(target, printedSchema());
console.log(`wrote ${target}`);
