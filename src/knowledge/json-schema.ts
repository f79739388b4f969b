import { z } from 'zod';
import { knowledgeFiles, type KnowledgeFileName } from './schema.ts';

/** Where the generated JSON Schema of each knowledge file lives, relative to `knowledge/`. */
export const schemaPath = (file: KnowledgeFileName) => `schema/${file.replace(/\.json$/, '')}.schema.json`;

/**
 * JSON Schema for each knowledge file, generated from the zod schemas so editors autocomplete and
 * flag the data with the same rules the loader enforces. `io: 'input'` because `default()`ed fields
 * may be left out of the files.
 */
export function jsonSchemas(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [file, schema] of Object.entries(knowledgeFiles) as [KnowledgeFileName, z.ZodType][]) {
    out[schemaPath(file)] = `${JSON.stringify(z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }), null, 2)}\n`;
  }
  return out;
}
