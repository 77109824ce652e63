/**
 * Test support only: a tiny node:http server on 127.0.0.1 (port 0) that records every hit
 * and answers through a handler the test writes. Lets tests drive the real ARM client over
 * real sockets without mocking our own code. Never used by production code.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Hit {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (hit: Hit, res: ServerResponse, index: number) => unknown;

export interface LoopbackServer {
  url: string;
  hits: Hit[];
  close(): Promise<void>;
}

export async function startLoopback(handler: Handler): Promise<LoopbackServer> {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const hit: Hit = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      hits.push(hit);
      Promise.resolve(handler(hit, res, hits.length - 1)).catch((err: unknown) => {
        res.statusCode = 599;
        res.end(String(err));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(text);
}

/** ARM-shaped fixtures for tests. */
export const fixtures = {
  approvalId: (guid: string) => `/providers/Microsoft.Authorization/roleAssignmentApprovals/${guid}`,
  stageId: (approvalGuid: string, stageGuid: string) =>
    `/providers/Microsoft.Authorization/roleAssignmentApprovals/${approvalGuid}/stages/${stageGuid}`,
  request(guid: string, overrides: Record<string, unknown> = {}, approvalGuid = `a-${guid}`): Record<string, unknown> {
    return {
      id: `/subscriptions/sub1/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/${guid}`,
      name: guid,
      type: 'Microsoft.Authorization/roleAssignmentScheduleRequests',
      properties: {
        status: 'PendingApproval',
        requestType: 'SelfActivate',
        approvalId: fixtures.approvalId(approvalGuid),
        requestorId: 'user-1',
        justification: 'deploy hotfix',
        createdOn: '2026-01-05T08:00:00Z',
        scheduleInfo: { startDateTime: '2026-01-05T08:00:00Z', expiration: { type: 'AfterDuration', duration: 'PT8H', endDateTime: null } },
        ticketInfo: { ticketNumber: 'T-1', ticketSystem: 'Jira' },
        expandedProperties: {
          principal: { id: 'user-1', displayName: 'Ada Lovelace', email: 'ada@example.com', type: 'User' },
          roleDefinition: { id: '/providers/Microsoft.Authorization/roleDefinitions/contrib', displayName: 'Contributor', type: 'BuiltInRole' },
          scope: { id: '/subscriptions/sub1', displayName: 'Production', type: 'subscription' },
        },
        ...overrides,
      },
    };
  },
  stage(approvalGuid: string, stageGuid: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      id: fixtures.stageId(approvalGuid, stageGuid),
      name: stageGuid,
      type: 'Microsoft.Authorization/roleAssignmentApprovals/stages',
      properties: {
        displayName: 'Approval stage',
        assignedToMe: true,
        status: 'InProgress',
        reviewedBy: null,
        reviewedDateTime: null,
        reviewResult: 'NotReviewed',
        justification: '',
        ...overrides,
      },
    };
  },
};
