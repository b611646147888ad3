/** Every launch needs someone to approve (lead) and someone to page (devops_oncall). */
import type { Finding } from '../problem.ts';
import type { CheckContext } from './check.ts';

const requiredRoles = ['lead', 'devops_oncall'] as const;

/**
 * An error for each required role that nobody in `people` has.
 *
 * @example
 * checkPeopleRoles(context); // [{ code: 'missing_role', path: ['people'], … }]
 */
export function checkPeopleRoles({ plan }: CheckContext): Finding[] {
  if (!plan.people) return [];
  const people = plan.people;
  return requiredRoles
    .filter((role) => !people.some((person) => person.roles.includes(role)))
    .map((role) => ({
      severity: 'error' as const,
      path: ['people'],
      code: 'missing_role',
      message: `nobody has the role '${role}'; at least one person must have it`,
    }));
}
