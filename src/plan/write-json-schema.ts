/**
 * Writes `schema/launch-plan.schema.json` from the zod schema: `node src/plan/write-json-schema.ts`
 * (or `npm run schema`). A test fails when the committed file differs from the generated one.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { planJsonSchemaText } from './json-schema.ts';

const target = fileURLToPath(new URL('../../schema/launch-plan.schema.json', import.meta.url));
writeFileSync(target, planJsonSchemaText());
console.log(`wrote ${target}`);
