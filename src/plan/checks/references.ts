/** References between sections must name something the plan defines. */
import type { Finding, PlanPath } from '../problem.ts';
import type { LaunchPlan } from '../schema.ts';
import { nearestName } from '../suggest.ts';
import { type CheckContext, oneOf } from './check.ts';

type Plan = Partial<LaunchPlan>;

/** A place in the plan that names an id. */
type Reference = { path: PlanPath; id: string };

type ReferenceKind = {
  /** Plural noun for messages, e.g. "connectors". */
  what: string;
  /** The ids that may be referenced, or `undefined` when their section did not validate. */
  targets: (plan: Plan) => readonly { id: string }[] | undefined;
  references: (plan: Plan) => Reference[];
};

/** References held by a field of each item, e.g. `activations[i].connector`. */
function fieldReferences<T>(
  items: readonly T[] | undefined,
  path: PlanPath,
  key: string,
  idOf: (item: T) => string | undefined,
): Reference[] {
  return (items ?? []).flatMap((item, index) => {
    const id = idOf(item);
    return id === undefined ? [] : [{ path: [...path, index, key], id }];
  });
}

/** References that are the items of a list of ids, e.g. `notify: [ana, bo]`. */
function listReferences(ids: readonly string[] | undefined, path: PlanPath): Reference[] {
  return (ids ?? []).map((id, index) => ({ path: [...path, index], id }));
}

/** Every place in the plan that refers to a connector. */
function connectorReferences(plan: Plan): Reference[] {
  const ticketing = plan.support?.ticketing;
  return [
    ...fieldReferences(plan.activations, ['activations'], 'connector', (a) => a.connector),
    ...fieldReferences(plan.audiences, ['audiences'], 'connector', (a) =>
      a.kind === 'list' ? a.connector : undefined,
    ),
    ...fieldReferences(plan.metric_sources, ['metric_sources'], 'connector', (source) =>
      source.mode === 'query' ? source.connector : undefined,
    ),
    ...fieldReferences(
      plan.runbooks?.deploy.steps,
      ['runbooks', 'deploy', 'steps'],
      'connector',
      (step) => step.connector,
    ),
    ...fieldReferences(
      plan.runbooks?.rollback.steps,
      ['runbooks', 'rollback', 'steps'],
      'connector',
      (step) => step.connector,
    ),
    ...(ticketing ? [{ path: ['support', 'ticketing'], id: ticketing }] : []),
  ];
}

function personReferences(plan: Plan): Reference[] {
  const approver = plan.budget?.paid_ads?.approved_by;
  return [
    ...Object.entries(plan.triggers?.builtin ?? {}).flatMap(([id, trigger]) =>
      listReferences(trigger?.notify, ['triggers', 'builtin', id, 'notify']),
    ),
    ...(plan.triggers?.rules ?? []).flatMap((rule, index) =>
      listReferences(rule.notify, ['triggers', 'rules', index, 'notify']),
    ),
    ...(approver ? [{ path: ['budget', 'paid_ads', 'approved_by'], id: approver }] : []),
    ...fieldReferences(
      plan.support?.roster,
      ['support', 'roster'],
      'person',
      (shift) => shift.person,
    ),
  ];
}

const referenceKinds: ReferenceKind[] = [
  { what: 'connectors', targets: (plan) => plan.connectors, references: connectorReferences },
  {
    what: 'templates',
    targets: (plan) => plan.templates,
    references: (plan) =>
      fieldReferences(plan.activations, ['activations'], 'template', (a) => a.template),
  },
  {
    what: 'audiences',
    targets: (plan) => plan.audiences,
    references: (plan) =>
      fieldReferences(plan.activations, ['activations'], 'audience', (a) => a.audience),
  },
  { what: 'people', targets: (plan) => plan.people, references: personReferences },
  {
    what: 'metric_sources',
    targets: (plan) => plan.metric_sources,
    references: (plan) =>
      fieldReferences(plan.triggers?.rules, ['triggers', 'rules'], 'source', (rule) => rule.source),
  },
];

/**
 * An error for every reference to an id that its section does not define, with the valid ids
 * and the nearest one.
 *
 * @example
 * checkReferences(context); // [{ path: ['activations', 0, 'template'], code: 'dangling_reference', … }]
 */
export function checkReferences({ plan }: CheckContext): Finding[] {
  return referenceKinds.flatMap((kind) => {
    const targets = kind.targets(plan);
    if (!targets) return [];
    const ids = targets.map((target) => target.id);
    return kind
      .references(plan)
      .filter((reference) => !ids.includes(reference.id))
      .map((reference): Finding => {
        const suggestion = nearestName(reference.id, ids);
        return {
          severity: 'error',
          path: reference.path,
          code: 'dangling_reference',
          message: `'${reference.id}' is not defined in ${kind.what}`,
          expected: oneOf(ids, kind.what),
          ...(suggestion ? { suggestion } : {}),
        };
      });
  });
}
