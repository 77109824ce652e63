/** The "My requests" tab's rows from my own requests of every kind. Pure mapping. */
import type { MyRequestDto } from '../model/state';
import type { OwnRequest } from '../services/approval-service';

export function toMyRequest(request: OwnRequest): MyRequestDto {
  return {
    id: request.id,
    kind: request.kind,
    ...(request.access ? { access: request.access } : {}),
    requestType: request.requestType,
    status: request.status,
    role: { id: request.roleDefinition?.id ?? '', displayName: request.roleDefinition?.displayName ?? '' },
    scope: { id: request.scope?.id ?? '', displayName: request.scope?.displayName ?? '', type: request.scope?.type ?? '' },
    justification: request.justification,
    createdOn: request.createdOn ?? '',
  };
}
