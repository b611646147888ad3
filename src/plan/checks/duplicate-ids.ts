/** Ids must be unique within each list of the plan. */
import type { Finding, PlanPath } from '../problem.ts';
import type { CheckContext } from './check.ts';

function idLists({ plan }: CheckContext): [PlanPath, readonly { id: string }[] | undefined][] {
  return [
    [['people'], plan.people],
    [['connectors'], plan.connectors],
    [['monitors'], plan.monitors],
    [['metric_sources'], plan.metric_sources],
    [['audiences'], plan.audiences],
    [['templates'], plan.templates],
    [['activations'], plan.activations],
    [['triggers', 'rules'], plan.triggers?.rules],
    [['runbooks', 'deploy', 'steps'], plan.runbooks?.deploy.steps],
    [['runbooks', 'rollback', 'steps'], plan.runbooks?.rollback.steps],
    [['support', 'knowledge_base', 'articles'], plan.support?.knowledge_base.articles],
    [['support', 'canned_responses'], plan.support?.canned_responses],
  ];
}

/**
 * An error for every id used a second time in the same list, at the duplicate.
 *
 * @example
 * checkDuplicateIds(context); // [{ code: 'duplicate_id', path: ['people', 1, 'id'], … }]
 */
export function checkDuplicateIds(context: CheckContext): Finding[] {
  return idLists(context).flatMap(([path, items]) => {
    const firstIndex = new Map<string, number>();
    return (items ?? []).flatMap((item, index): Finding[] => {
      const first = firstIndex.get(item.id);
      if (first === undefined) {
        firstIndex.set(item.id, index);
        return [];
      }
      return [
        {
          severity: 'error',
          path: [...path, index, 'id'],
          code: 'duplicate_id',
          message: `duplicate id '${item.id}' (already used at ${path.join('.')}[${first}])`,
        },
      ];
    });
  });
}
