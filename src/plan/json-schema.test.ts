import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { planJsonSchema, planJsonSchemaText } from './json-schema.ts';

describe('JSON Schema', () => {
  it('is committed exactly as generated (run `npm run schema` after changing the schema)', async () => {
    const committed = await readFile(
      new URL('../../schema/launch-plan.schema.json', import.meta.url),
      'utf8',
    );
    expect(committed).toBe(planJsonSchemaText());
  });

  it('describes the plan strictly, with parameter ranges', () => {
    const schema = planJsonSchema() as {
      additionalProperties: boolean;
      required: string[];
      properties: {
        parameters: { properties: Record<string, { minimum?: number; maximum?: number }> };
      };
    };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(
      expect.arrayContaining(['version', 'venture', 't0', 'people', 'runbooks']),
    );
    expect(schema.properties.parameters.properties.launch_window_duration).toMatchObject({
      minimum: 1,
      maximum: 12,
    });
  });
});
