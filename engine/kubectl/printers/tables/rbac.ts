/**
 * Roles, ClusterRoles and their bindings (printRole, printClusterRole,
 * printRoleBinding, printClusterRoleBinding of pkg/printers/internalversion/printers.go,
 * release-1.35): roles show when they were created (RFC 3339, UTC), bindings their
 * role as Kind/name and, with -o wide, their subjects (rbac.SubjectsStrings).
 * Registered by the RBAC chunk (engine/api/rbac/index.ts), loaded on first use.
 */
import { since } from '../duration.js';
import { registerTable, type TableHandler } from '../table.js';
import { rfc3339 } from '../../../util/time.js';
import { parseTime } from '../../../util/time.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const createdAt = (ts: unknown) => {
  const ms = parseTime(ts);
  return ms === undefined ? '' : rfc3339(ms);
};

const role: TableHandler = {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Created At' }],
  row: (o) => [o.metadata.name ?? '', createdAt(o.metadata.creationTimestamp)],
};

/** SubjectsStrings: users, groups and namespace/name of ServiceAccounts, each list joined by ", ". */
export function subjectsStrings(subjects: Any[] | undefined): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of subjects ?? []) {
    if (s.kind === 'User') users.push(s.name);
    else if (s.kind === 'Group') groups.push(s.name);
    else if (s.kind === 'ServiceAccount') sas.push(`${s.namespace ?? ''}/${s.name}`);
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

const binding: TableHandler = {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Role' }, { name: 'Age' }, { name: 'Users', priority: 1 }, { name: 'Groups', priority: 1 }, { name: 'ServiceAccounts', priority: 1 }],
  row(o, { now }) {
    const b = o as Any;
    return [o.metadata.name ?? '', `${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`, since(o.metadata.creationTimestamp, now), ...subjectsStrings(b.subjects)];
  },
};

registerTable('roles.rbac.authorization.k8s.io', role);
registerTable('clusterroles.rbac.authorization.k8s.io', role);
registerTable('rolebindings.rbac.authorization.k8s.io', binding);
registerTable('clusterrolebindings.rbac.authorization.k8s.io', binding);
