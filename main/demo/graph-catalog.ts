/**
 * The simulated tenant's Microsoft Graph directory: built-in Entra ID directory roles (with
 * the template ids Microsoft publishes) and a few PIM-enabled groups. Scenarios may add to
 * (or override) each table. Data only.
 */
import type { NamedRef } from './catalog';

/** Entra ID role requests all target the whole directory here (directoryScopeId "/"). */
export const DIRECTORY_SCOPE: NamedRef = { id: '/', displayName: 'Directory', type: 'directory' };

/** Keyed by lower-cased display name; ids are Microsoft's role template ids. */
export const BUILTIN_DIRECTORY_ROLES: Record<string, { id: string; displayName: string }> = {
  'global administrator': { id: '62e90394-69f5-4237-9190-012177145e10', displayName: 'Global Administrator' },
  'user administrator': { id: 'fe930be7-5e62-47db-91af-98c3a49a38b1', displayName: 'User Administrator' },
  'privileged role administrator': { id: 'e8611ab8-c189-46e8-94e1-60213ab1f814', displayName: 'Privileged Role Administrator' },
  'security administrator': { id: '194ae4cb-b126-40b2-bd5b-6091b380977d', displayName: 'Security Administrator' },
  'exchange administrator': { id: '29232cdf-9323-42fd-ade2-1d097af3e4de', displayName: 'Exchange Administrator' },
  'application administrator': { id: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', displayName: 'Application Administrator' },
  'helpdesk administrator': { id: '729827e3-9c14-49f7-bb1b-9608f156bbb8', displayName: 'Helpdesk Administrator' },
  'global reader': { id: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451', displayName: 'Global Reader' },
  'conditional access administrator': { id: 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9', displayName: 'Conditional Access Administrator' },
};

/** PIM for Groups: keys are what scenarios use; display names are what the UI shows. */
export const DEFAULT_GROUPS: Record<string, { id: string; displayName: string }> = {
  finance: { id: '3f1c9a7e-5b2d-4e8f-a1c3-6d7e8f9a0b1c', displayName: 'Finance Admins' },
  breakglass: { id: '4a2d0b8f-6c3e-4f9a-b2d4-7e8f9a0b1c2d', displayName: 'Production Break-Glass' },
  sre: { id: '5b3e1c9a-7d4f-4a0b-83e5-8f9a0b1c2d3e', displayName: 'SRE On-Call' },
  helpdesk: { id: '6c4f2d0b-8e5a-4b1c-94f6-9a0b1c2d3e4f', displayName: 'Helpdesk Tier 2' },
};
