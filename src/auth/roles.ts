/** Roles of API tokens (SPEC §2 human-in-the-loop points map onto them). */
export const roles = ['lead', 'devops_oncall', 'marketing', 'support', 'viewer'] as const;
export type Role = (typeof roles)[number];

/** The caller of an API route or CLI command, as recorded in the audit log. */
export interface Principal {
  tokenId: string;
  name: string;
  role: Role;
}

/** `token:<name>` — how a principal appears as an audit actor. */
export function actorOf(principal: Principal): string {
  return `token:${principal.name}`;
}

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}
