/**
 * The --help texts: the overview (commands, global options, exit codes, the stable JSON
 * shapes) and each command's own (its options, the output formats it gives, examples).
 */
import type { Command } from './context';
import { formatList, STANDARD_FORMATS } from './output';

const GLOBAL_OPTIONS = `Global options:
  --cloud public|usgov|china   Azure cloud (default public)
  --arm-endpoint URL           ARM origin to use instead (https; plain http only on loopback)
  --graph-endpoint URL         Microsoft Graph origin to use instead (same rule; needed with --arm-endpoint,
                               else Entra ID roles and groups are not read, and stderr says so)
  --tenant ID, --client-id ID  Sign-in settings (else PIM_TENANT, PIM_CLIENT_ID)
                               A machine policy's cloud/tenant/clientId wins; a flag asking otherwise: exit 2
  --account NAME|ID            The account to act as (see "pim-approvals accounts"): its account id or a
                               prefix of it, user name, tenant name, tenant id or domain (any letter case).
                               Default: the only account, else the settings' defaultAccount; several and
                               none chosen, or a name several share: exit 2 with the list. Beside
                               ARM_ACCESS_TOKEN it must name the token's own account. outbox, history and
                               accounts show every account unless it is given
  -o, --output FORMAT          json, jsonc (coloured on a terminal), table (default), tsv (tab-separated,
                               no header) or none (exit code only); history also csv. --json = -o json
  -h, --help                   Show this help (COMMAND --help: its options and examples)`;

/** `pim-approvals COMMAND --help`. */
export function commandHelp(command: Command): string {
  const formats = command.outputs ?? STANDARD_FORMATS;
  const options: (readonly [string, string])[] = [
    ...(command.optionHelp ?? []),
    ['-o, --output FORMAT', `${formatList(formats)} (default table); --json = -o json`],
  ];
  const width = Math.max(...options.map(([flag]) => flag.length));
  return [
    `Usage: pim-approvals ${command.usage}`,
    '',
    command.summary,
    ...(command.details ? ['', command.details] : []),
    '',
    'Options:',
    ...options.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`),
    '  (and the global options: pim-approvals --help)',
    '',
    'Examples:',
    ...command.examples.map((e) => `  ${e}`),
    '',
  ].join('\n');
}

export function usageText(commands: Record<string, Command>): string {
  const width = Math.max(...Object.values(commands).map((c) => c.usage.length));
  return `Usage: pim-approvals COMMAND [options]

Approve or deny Azure PIM requests: Azure resource roles (ARM), Entra ID roles and
PIM for Groups (Microsoft Graph).

Commands:
${Object.values(commands)
  .map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`)
  .join('\n')}

ID is the short ID shown by "list" (or any unique prefix of the request id), a request id,
or a stage id (or Graph stage path). --kind azure|entra|group (list) shows one kind; without
it all three are listed, and a Graph kind that cannot be read (no Graph endpoint, no token,
no admin consent) is named on stderr and left out.

${GLOBAL_OPTIONS}

Tokens: ARM_ACCESS_TOKEN (an ARM access token for the chosen cloud) and GRAPH_ACCESS_TOKEN
(a Graph token with RoleAssignmentSchedule.ReadWrite.Directory and/or
PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup), else the session of "pim-approvals login"
(shared with the app; not used with --arm-endpoint). An ARM token is never sent to Graph.
A token with whitespace or a control character inside is refused before any request.
approve, deny and sync act as the token's account (its oid.tid claims, or the session's
account): only that person's decisions are sent; a token that does not say whose it is
cannot decide or sync. With several accounts, --account says whose sign-in a run uses; an
account of source azure-cli gets its token from \`az account get-access-token --tenant T\` each
run (never stored, never sent to --arm-endpoint; Entra ID roles and groups are then not read).

Exit codes: 0 ok, 1 error, 2 usage, 3 auth (no/invalid token, 401, token names no account),
            4 conflict (decided by someone else, or the same decision was already sent),
            5 expired (as Azure says) or not found, 6 refused (the opposite decision is recorded).

JSON (-o json; stable: new fields may be added, none removed or renamed):
  list          {"schema":"pim-approvals/queue@1","items":[QueueItem…]}; when Azure cannot be reached, the queue
                 kept from the last full list or app check, with "asOf" (ISO time) and "stale":true
  list --created-by-me {"schema":"pim-approvals/requests@1","requests":[ScheduleRequest + kind, shortId…]}
  show          {"schema":"pim-approvals/request@1","requestStatus":string,"item":QueueItem}
  status        {"schema":"pim-approvals/status@1","endpoint","graphEndpoint","cloud","tokenSource","reachable",
                 "waiting" (every kind read),"waitingByKind","actionable","kinds":[{kind,status,reason}],"error"}
  accounts      {"schema":"pim-approvals/accounts@1","defaultAccount":id|null,"accounts":[{"id","name","username",
                 "tenant":{"id","name"},"cloud","source" (app|azure-cli|demo),"default","remembered","inSessionCache"}]}
  whoami        {"schema":"pim-approvals/whoami@1","signedIn","source","username","name","objectId","tenantId","accountId"}
  approve/deny  {"schema":"pim-approvals/decision@1","shortId","requestId","stageId","kind","role","scope","requester",
                 "recordedResult","state","reviewedBy","message","exitCode", "existing"|"refused" when so}
  outbox        [OutboxEntry (no justification) + shortId…]
  sync          {"done","conflict","expired","failed","pending",…,"accountId","exitCode","entries","otherAccounts"}; with
                 several accounts and none chosen {"schema":"pim-approvals/sync-accounts@1","accounts":[that object,
                 or {"accountId","exitCode"} for an account without a token]}
  cancel        {"schema":"pim-approvals/cancel@1","id","shortId","cancelled","recordedResult",…}
  history       {"schema":"pim-approvals/history@1","since","withJustifications","decisions":[HistoryRow…]}
  QueueItem = {id (stage id or Graph stage path), shortId (the ID list shows), kind (azureResource|entraRole|group),
               access (groups: member|owner), accountId, approvalId, requestId, requestName, requestType,
               requester{id,displayName,upn}, role{id,displayName}, scope{id,displayName,type},
               justification, ticket{number,system}, createdOn, expiresAt, startsAt, duration,
               stage{index (1-based),count,status}, actionable, readOnly (portal-only|own-request|not-mine)}
`;
}
