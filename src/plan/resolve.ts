/**
 * Parameter resolution (SPEC §4): database override → plan file → preset → built-in default,
 * every value checked against its range.
 */
import { UserError } from '../shared/errors.ts';
import {
  isParameterName,
  type ParameterName,
  type ParameterValues,
  parameterDefinitions,
  parameterNames,
} from './parameters.ts';
import { type PresetName, presets } from './presets.ts';
import { nearestName } from './suggest.ts';

/** Where a resolved parameter value came from. */
export type ParameterSource = 'override' | 'plan' | 'preset' | 'default';

/** Every parameter with its value and the source of that value. */
export type ResolvedParameters = {
  [K in ParameterName]: { value: ParameterValues[K]; source: ParameterSource };
};

/** What `resolveParameters` resolves from; every part is optional. */
export type ParameterInputs = {
  /** Per-launch overrides stored in the database (unchecked input). */
  overrides?: Readonly<Record<string, unknown>>;
  /** The plan, or the parts of it that matter here. */
  plan?: { parameters?: Readonly<Partial<ParameterValues>>; preset?: PresetName };
  /** The preset; defaults to the plan's. */
  preset?: PresetName;
};

function knownParameterName(name: string): ParameterName {
  if (isParameterName(name)) return name;
  const suggestion = nearestName(name, parameterNames);
  throw new UserError(
    'unknown_parameter',
    `unknown parameter '${name}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`,
    { path: ['parameters', name] },
  );
}

/**
 * Checks one parameter value against its type and range and returns it parsed.
 * Throws `UserError` `unknown_parameter` (with the nearest name) or `invalid_parameter`
 * (naming the parameter and its range).
 *
 * @example
 * validateParameterValue('max_error_rate', 2.5); // 2.5
 * validateParameterValue('max_error_rate', 50); // throws: parameter max_error_rate must be 0.1–10 % (got 50)
 */
export function validateParameterValue<K extends ParameterName>(
  name: K,
  value: unknown,
): ParameterValues[K];
export function validateParameterValue(
  name: string,
  value: unknown,
): ParameterValues[ParameterName];
export function validateParameterValue(
  name: string,
  value: unknown,
): ParameterValues[ParameterName] {
  const definition = parameterDefinitions[knownParameterName(name)];
  const result = definition.schema.safeParse(value);
  if (!result.success) {
    throw new UserError(
      'invalid_parameter',
      `parameter ${name} must be ${definition.range} (got ${JSON.stringify(value) ?? String(value)})`,
      { path: ['parameters', name] },
    );
  }
  return result.data as ParameterValues[ParameterName];
}

/**
 * Resolves every parameter and records where its value came from.
 *
 * @example
 * const resolved = resolveParameters({ overrides: { target_users_day1: 50 }, preset: 'b2b_saas_launch' });
 * resolved.target_users_day1; // { value: 50, source: 'override' }
 * resolved.launch_day_of_week; // { value: 'wednesday', source: 'preset' }
 */
export function resolveParameters(inputs: ParameterInputs = {}): ResolvedParameters {
  const presetName = inputs.preset ?? inputs.plan?.preset;
  const layers: [ParameterSource, Readonly<Record<string, unknown>>][] = [
    ['override', inputs.overrides ?? {}],
    ['plan', inputs.plan?.parameters ?? {}],
    ['preset', presetName ? presets[presetName].values : {}],
  ];
  for (const name of Object.keys(inputs.overrides ?? {})) knownParameterName(name);
  const resolved: Partial<Record<ParameterName, { value: unknown; source: ParameterSource }>> = {};
  for (const name of parameterNames) {
    const layer = layers.find(([, values]) => values[name] !== undefined);
    resolved[name] = layer
      ? { value: validateParameterValue(name, layer[1][name]), source: layer[0] }
      : { value: structuredClone(parameterDefinitions[name].default), source: 'default' };
  }
  return resolved as ResolvedParameters;
}

/**
 * The plain values of resolved parameters.
 *
 * @example
 * parameterValuesOf(resolveParameters()).launch_day_of_week; // 'tuesday'
 */
export function parameterValuesOf(resolved: ResolvedParameters): ParameterValues {
  return Object.fromEntries(
    parameterNames.map((name) => [name, resolved[name].value]),
  ) as ParameterValues;
}
