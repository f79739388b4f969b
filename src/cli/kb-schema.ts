import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { jsonSchemas } from '../knowledge/json-schema.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../knowledge/load.ts';

// Regenerate after changing src/knowledge/schema.ts; a test fails while the committed copies are stale.
for (const [path, text] of Object.entries(jsonSchemas())) {
  const target = join(DEFAULT_KNOWLEDGE_DIR, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  console.log(`wrote knowledge/${path}`);
}
