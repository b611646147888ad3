/** The plan's `parameters` section: any parameter of SPEC §4, each optional. */
import { z } from 'zod';
import { type ParameterName, parameterDefinitions, parameterNames } from '../parameters.ts';

type ParametersShape = {
  [K in ParameterName]: z.ZodOptional<(typeof parameterDefinitions)[K]['schema']>;
};

const shape = Object.fromEntries(
  parameterNames.map((name) => [name, parameterDefinitions[name].schema.optional()]),
) as ParametersShape;

export const parametersSchema = z.strictObject(shape).default({}).meta({
  description:
    'Launch parameters (SPEC §4). Resolution: database override → this file → preset → default.',
});
