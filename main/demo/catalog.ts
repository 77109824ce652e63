/**
 * The simulated tenant's fixed directory: default principals, built-in roles and a few
 * realistic scopes. Scenarios may add to (or override) each table. Data only.
 */

export interface PrincipalInfo {
  id: string;
  displayName: string;
  upn: string;
  /** ARM principal type; service principals cannot approve. */
  type: string;
}

export interface NamedRef {
  id: string;
  displayName: string;
  type: string;
}

/** Keys are what tests and scenarios use: `me` is the default approver (the app's user). */
export const DEFAULT_PRINCIPALS: Record<string, PrincipalInfo> = {
  me: { id: '5b0c6a3e-2f4d-4c1b-9a7e-1d2c3b4a5f60', displayName: 'Alex Rivera', upn: 'alex.rivera@contoso.com', type: 'User' },
  approver2: { id: '8f2e1d0c-3b4a-4e5f-8a6b-7c8d9e0f1a2b', displayName: 'Sam Okafor', upn: 'sam.okafor@contoso.com', type: 'User' },
  requester: { id: 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f', displayName: 'Jordan Lee', upn: 'jordan.lee@contoso.com', type: 'User' },
  requester2: { id: 'd4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f70', displayName: 'Priya Natarajan', upn: 'priya.natarajan@contoso.com', type: 'User' },
  requester3: { id: 'e5f6a7b8-c9d0-4e1f-a02b-3c4d5e6f7081', displayName: 'Mateo García', upn: 'mateo.garcia@contoso.com', type: 'User' },
  automation: { id: 'f6a7b8c9-d0e1-4f2a-b13c-4d5e6f708192', displayName: 'deploy-pipeline', upn: 'deploy-pipeline@contoso.onmicrosoft.com', type: 'ServicePrincipal' },
};

/** Built-in role definition GUIDs as Azure publishes them. */
export const BUILTIN_ROLES: Record<string, { guid: string; displayName: string }> = {
  owner: { guid: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', displayName: 'Owner' },
  contributor: { guid: 'b24988ac-6180-42a0-ab88-20f7382dd24c', displayName: 'Contributor' },
  reader: { guid: 'acdd72a7-3385-48ef-bd42-f606fba81ae7', displayName: 'Reader' },
  'user access administrator': { guid: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9', displayName: 'User Access Administrator' },
  'key vault administrator': { guid: '00482a5a-887f-4fb3-b363-3b7fe8e74483', displayName: 'Key Vault Administrator' },
  'storage blob data owner': { guid: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b', displayName: 'Storage Blob Data Owner' },
  'virtual machine contributor': { guid: '9980e02c-c2be-4d73-94e8-173b1dc7cf3c', displayName: 'Virtual Machine Contributor' },
  'azure kubernetes service cluster admin role': { guid: '0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8', displayName: 'Azure Kubernetes Service Cluster Admin Role' },
};

export const DEFAULT_SCOPES: Record<string, NamedRef> = {
  prod: { id: '/subscriptions/2f6e9b1c-4a3d-4e8f-9b7a-1c2d3e4f5a6b', displayName: 'Contoso Production', type: 'subscription' },
  staging: { id: '/subscriptions/7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d', displayName: 'Contoso Staging', type: 'subscription' },
  sandbox: { id: '/subscriptions/0d1e2f3a-4b5c-4d6e-9f7a-8b9c0d1e2f3a', displayName: 'Contoso Sandbox', type: 'subscription' },
  payments: { id: '/subscriptions/2f6e9b1c-4a3d-4e8f-9b7a-1c2d3e4f5a6b/resourceGroups/rg-payments-prod', displayName: 'rg-payments-prod', type: 'resourcegroup' },
  data: { id: '/subscriptions/2f6e9b1c-4a3d-4e8f-9b7a-1c2d3e4f5a6b/resourceGroups/rg-data-platform', displayName: 'rg-data-platform', type: 'resourcegroup' },
  aks: { id: '/subscriptions/7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d/resourceGroups/rg-aks-staging', displayName: 'rg-aks-staging', type: 'resourcegroup' },
  platform: { id: '/providers/Microsoft.Management/managementGroups/mg-contoso-platform', displayName: 'Contoso Platform', type: 'managementgroup' },
  root: { id: '/providers/Microsoft.Management/managementGroups/contoso-root', displayName: 'Tenant Root Group', type: 'managementgroup' },
};
