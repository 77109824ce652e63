/**
 * createArmClient: the ArmApi over ARM's REST endpoints. Owns wiring (options, defaults,
 * URLs, parsing, decisions); HTTP and paging live in core/net. Returns errors as
 * values and never throws; sends the token only to the configured ARM origin.
 */
import { systemClock } from '../clock';
import type { ApprovalStage, ArmApi, ArmResult } from './types';
import { metered, type Send, type ServiceFacts } from '../net/http';
import { defaultMaxPages, getOne, httpFor, type ClientTuning } from '../net/service-client';
import { checkArmEndpoint } from '../net/clouds';
import { listAllPages, type PageFormat } from '../net/paging';
import { parseApproval, parsePage, parseScheduleRequest, parseStage } from './parse';
import { approvalsUrl, approvalUrl, scheduleRequestsUrl, stageUrl } from './urls';
import { parseTenant, tenantsUrl } from './tenants';
import { decideStage, type DecideForm } from './decide';
import { objectIdFromToken } from '../net/token-identity';

export interface ArmClientOptions extends ClientTuning {
  /** ARM origin, e.g. https://management.azure.com (http only on loopback). */
  endpoint: string;
  getToken: () => Promise<string>;
}

/** ARM's name and trace headers (pim-api.md, "Throttling and headers"). */
export const ARM_SERVICE: ServiceFacts = {
  name: 'ARM',
  clientRequestIdHeader: 'x-ms-client-request-id',
  requestIdHeader: 'x-ms-request-id',
  correlationIdHeader: 'x-ms-correlation-request-id',
};

const ARM_PAGES: PageFormat = { service: ARM_SERVICE.name, parsePage };

export interface ArmClient extends ArmApi {
  /** The decision body form that last worked (starts at PUT nested). */
  decideForm(): DecideForm;
  readonly origin: string;
}

/** Throws only for a programmer mistake: an endpoint that fails the https/loopback rule. */
export function createArmClient(options: ArmClientOptions): ArmClient {
  const checked = checkArmEndpoint(options.endpoint);
  if (!checked.ok) throw new Error(checked.error);
  const origin = checked.origin;
  const clock = options.clock ?? systemClock;
  const send: Send = httpFor(options, options.getToken, ARM_SERVICE);
  const maxPages = options.maxPages ?? defaultMaxPages;
  const memory: { form: DecideForm } = { form: 'put-nested' };
  const whoAmI =
    options.principalId ??
    (async () => {
      try {
        return objectIdFromToken(await options.getToken());
      } catch {
        return null;
      }
    });

  const stageReader =
    (via: Send) =>
    async (stageId: string, signal?: AbortSignal): Promise<ArmResult<ApprovalStage>> => {
      const url = stageUrl(origin, stageId);
      if (!url) return { ok: false, error: { kind: 'http', message: 'That is not an approval stage id ARM returned.' } };
      return getOne(via, url, parseStage, signal);
    };

  return {
    origin,
    decideForm: () => memory.form,
    listScheduleRequests: (filter, signal, meter) => listAllPages(metered(send, meter), origin, scheduleRequestsUrl(origin, filter), parseScheduleRequest, maxPages, signal, ARM_PAGES),
    listApprovals: (filter, signal, meter) => listAllPages(metered(send, meter), origin, approvalsUrl(origin, filter), parseApproval, maxPages, signal, ARM_PAGES),
    getApproval: async (approvalId, signal, meter) => {
      const url = approvalUrl(origin, approvalId);
      if (!url) return { ok: false, error: { kind: 'http', message: 'That is not an approval id ARM returned.' } };
      return getOne(metered(send, meter), url, parseApproval, signal);
    },
    getStage: (stageId, signal, meter) => stageReader(metered(send, meter))(stageId, signal),
    listTenants: (signal) => listAllPages(send, origin, tenantsUrl(origin), parseTenant, maxPages, signal, ARM_PAGES),
    decide: (stageId, result, justification, signal, decideOptions) => {
      // A token given for this decision carries all of its requests, and only this decision's.
      const token = decideOptions?.accessToken;
      const via = metered(token ? httpFor(options, async () => token, ARM_SERVICE) : send, decideOptions?.meter);
      return decideStage(
        {
          send: via,
          origin,
          getStage: stageReader(via),
          whoAmI,
          memory,
          clock,
          ...(options.confirmDelaysMs ? { confirmDelaysMs: options.confirmDelaysMs } : {}),
          ...(decideOptions?.meter ? { meter: decideOptions.meter } : {}),
        },
        stageId,
        result,
        justification,
        signal,
        decideOptions,
      );
    },
  };
}
