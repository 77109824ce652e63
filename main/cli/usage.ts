/**
 * The --help text: commands, global options, exit codes and the stable JSON shapes.
 */
import type { Command } from './context';

export function usageText(commands: Record<string, Command>): string {
  const width = Math.max(...Object.values(commands).map((c) => c.usage.length));
  return `Usage: pim-approvals COMMAND [options]

Approve or deny Azure PIM requests: Azure resource roles (ARM), Entra ID roles and
PIM for Groups (Microsoft Graph).

Commands:
${Object.values(commands)
  .map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`)
  .join('\n')}

ID is a stage id (or Graph stage path), a request id, or a unique prefix of the ID shown by "list".
--kind azure|entra|group (list) shows one kind; without it all three are listed, and a Graph
kind that cannot be read (no token, no admin consent) is named on stderr and left out.

Global options:
  --cloud public|usgov|china   Azure cloud (default public)
  --arm-endpoint URL           ARM origin to use instead (https; plain http only on loopback)
  --graph-endpoint URL         Microsoft Graph origin to use instead (same rule; needed with --arm-endpoint)
  --tenant ID, --client-id ID  Sign-in settings (else PIM_TENANT, PIM_CLIENT_ID)
  --json                       Machine-readable output (list, show, status, approve, deny, outbox, sync)
  -h, --help                   Show this help

Tokens: ARM_ACCESS_TOKEN (an ARM access token for the chosen cloud) and GRAPH_ACCESS_TOKEN
(a Graph token with RoleAssignmentSchedule.ReadWrite.Directory and/or
PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup), else the session of "pim-approvals login"
(shared with the app; not used with --arm-endpoint). An ARM token is never sent to Graph.
A token with whitespace or a control character inside is refused before any request.
approve, deny and sync act as the token's account (its oid.tid claims, or the session's
account): only that person's decisions are sent; a token that does not say whose it is
cannot decide or sync.

Exit codes: 0 ok, 1 error, 2 usage, 3 auth (no/invalid token, 401, token names no account),
            4 conflict (decided by someone else, or the same decision was already sent),
            5 expired (as Azure says) or not found, 6 refused (the opposite decision is recorded).

JSON (stable; new fields may be added, none removed or renamed):
  list          {"schema":"pim-approvals/queue@1","items":[QueueItem…]}
  list --created-by-me {"schema":"pim-approvals/requests@1","requests":[ScheduleRequest…]}
  show          {"schema":"pim-approvals/request@1","requestStatus":string,"item":QueueItem}
  status        {"schema":"pim-approvals/status@1","endpoint","cloud","tokenSource","reachable","waiting","error"}
  approve/deny  {"schema":"pim-approvals/decision@1","requestId","stageId","kind","role","scope","requester",
                 "recordedResult","state","reviewedBy","message","exitCode", "existing"|"refused" when so}
  QueueItem = {id (stage id or Graph stage path), kind (azureResource|entraRole|group), access (groups:
               member|owner), accountId, approvalId, requestId, requestName, requestType,
               requester{id,displayName,upn}, role{id,displayName}, scope{id,displayName,type},
               justification, ticket{number,system}, createdOn, expiresAt, startsAt, duration,
               stage{index (1-based),count,status}, actionable}
`;
}
