/**
 * The launch plan schema (SPEC §1–§5, §8): one strict zod object per section, so that unknown
 * keys are errors. Formats: T0 in `time.ts`, durations and offsets in `durations.ts`.
 */
import { z } from 'zod';
import { t0Schema } from './fields.ts';
import { presetNames } from './presets.ts';
import { activationsSchema } from './sections/activations.ts';
import { audiencesSchema } from './sections/audiences.ts';
import { budgetSchema } from './sections/budget.ts';
import { communicationsSchema } from './sections/communications.ts';
import { connectorsSchema } from './sections/connectors.ts';
import { incidentsSchema } from './sections/incidents.ts';
import { metricSourcesSchema } from './sections/metric-sources.ts';
import { monitorsSchema } from './sections/monitors.ts';
import { parametersSchema } from './sections/parameters.ts';
import { peopleSchema } from './sections/people.ts';
import { runbooksSchema } from './sections/runbooks.ts';
import { supportSchema } from './sections/support.ts';
import { templatesSchema } from './sections/templates.ts';
import { triggersSchema } from './sections/triggers.ts';
import { gtmSchema, ventureSchema } from './sections/venture.ts';

/** Sections of a launch plan, in the order `init` writes them. */
export const planSections = {
  version: z.literal(1).meta({ description: 'Version of the launch plan format.' }),
  venture: ventureSchema,
  gtm: gtmSchema.optional(),
  t0: t0Schema,
  preset: z.enum(presetNames).optional().meta({ description: 'Preset of parameter values.' }),
  parameters: parametersSchema,
  people: peopleSchema,
  connectors: connectorsSchema,
  monitors: monitorsSchema,
  metric_sources: metricSourcesSchema,
  triggers: triggersSchema,
  audiences: audiencesSchema,
  templates: templatesSchema,
  communications: communicationsSchema,
  activations: activationsSchema,
  runbooks: runbooksSchema,
  budget: budgetSchema,
  support: supportSchema,
  incidents: incidentsSchema,
};

/** Name of a top-level section. */
export type PlanSectionName = keyof typeof planSections;

/**
 * The whole launch plan.
 *
 * @example
 * const result = launchPlanSchema.safeParse(parse(text));
 */
export const launchPlanSchema = z.strictObject(planSections).meta({
  title: 'LaunchCrew launch plan',
  description: 'A venture MVP launch described as code. Validate with `launchcrew validate`.',
});

/** A validated launch plan, with defaults applied. */
export type LaunchPlan = z.output<typeof launchPlanSchema>;

/** A launch plan as written, before defaults. */
export type LaunchPlanInput = z.input<typeof launchPlanSchema>;
