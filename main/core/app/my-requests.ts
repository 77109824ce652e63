/** The "My requests" tab's rows from asRequestor() schedule requests. Pure mapping. */
import type { MyRequestDto } from '../../../preload/api';
import type { ScheduleRequest } from '../arm/types';

export function toMyRequest(request: ScheduleRequest): MyRequestDto {
  return {
    id: request.id,
    requestType: request.requestType,
    status: request.status,
    role: { id: request.roleDefinition?.id ?? '', displayName: request.roleDefinition?.displayName ?? '' },
    scope: { id: request.scope?.id ?? '', displayName: request.scope?.displayName ?? '', type: request.scope?.type ?? '' },
    justification: request.justification,
    createdOn: request.createdOn ?? '',
  };
}
