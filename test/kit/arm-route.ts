/**
 * The outbox's route for tests and benchmarks that drive ARM alone: Azure-resource
 * decisions go to the real Azure resource service over `api`; every other kind has no
 * service here, so its entries wait (as for a session without Graph).
 */
import type { ArmApi } from '../../main/core/arm/types';
import type { DecisionKind } from '../../main/core/outbox/types';
import { azureResourceService } from '../../main/core/services/azure-resource';
import type { ApprovalService } from '../../main/core/services/approval-service';

export function armRoute(api: ArmApi): (accountId: string, kind: DecisionKind) => ApprovalService | null {
  const service = azureResourceService(api);
  return (_accountId, kind) => (kind === service.kind ? service : null);
}
