/**
 * `-o/--output` as az has it, on every command, against the PIM simulator (issue 17): json
 * (and `--json`, its alias), jsonc (coloured only on a terminal), table in the window's
 * words with short IDs that show/approve/deny take, tsv without a header, none (exit code
 * only); a format a command does not give is a usage error that says which ones it does.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { deadEndpoint, startCliWorld, writes, type CliWorld } from '../../test/kit/cli-test-kit';
import { commands } from './commands';
import { uncolour } from './json-colour';
import { main } from './index';

const worlds: CliWorld[] = [];
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

async function world(scenario = 'mixed'): Promise<CliWorld> {
  const w = await startCliWorld(scenario);
  worlds.push(w);
  return w;
}

interface Listed {
  id: string;
  shortId: string;
  kind: string;
  requestName: string;
  requestType: string;
  duration: string | null;
  actionable: boolean;
  stage: { status: string };
}

async function listed(w: CliWorld): Promise<Listed[]> {
  const r = await w.cli(['list', '-o', 'json']);
  expect(r.code).toBe(0);
  const items = (JSON.parse(r.out) as { items: Listed[] }).items;
  expect(items.length).toBeGreaterThan(3);
  return items;
}

/** main() in process with a terminal that takes colour, or not. */
async function runWithColour(w: CliWorld, argv: string[], colour: boolean) {
  let out = '';
  let err = '';
  const code = await main(
    [...argv, '--arm-endpoint', w.s.url, '--graph-endpoint', w.s.graphUrl],
    { ARM_ACCESS_TOKEN: w.s.tokens.me, GRAPH_ACCESS_TOKEN: w.s.graphTokens.me, PIM_DATA_DIR: w.dataDir },
    { out: (x) => void (out += x), err: (x) => void (err += x), colour },
  );
  return { code, out, err };
}

describe('-o json and --json', () => {
  it('are the same output; -o table is a table, not a parser error', async () => {
    const w = await world();
    const [viaO, viaJson, table] = [await w.cli(['list', '-o', 'json']), await w.cli(['list', '--json']), await w.cli(['list', '--output', 'table'])];
    expect(viaO.code).toBe(0);
    expect(JSON.parse(viaO.out)).toEqual(JSON.parse(viaJson.out));
    expect(table).toMatchObject({ code: 0, err: '' });
    expect(table.out.split('\n')[0]).toMatch(/^ID\s+KIND\s+ROLE ON SCOPE/);
  });

  it.each([
    [['list', '-o', 'yaml'], /--output "yaml" is not available \(use json, jsonc, table, tsv or none\)/],
    [['list', '-o', 'csv'], /--output "csv" is not available here \(use json, jsonc, table, tsv or none\)/],
    [['list', '--json', '-o', 'table'], /--json means -o json; it cannot be combined with -o table/],
  ])('%j is a usage error (exit 2) that says what to use, before any request', async (argv, message) => {
    const w = await world();
    w.s.sim.clearLog();
    const r = await w.cli(argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(w.s.sim.callLog()).toEqual([]);
  });

  it('every command takes -o json and prints one JSON value', async () => {
    const w = await world();
    const items = await listed(w);
    const item = items.find((i) => i.actionable && i.kind === 'azureResource');
    if (!item) throw new Error('no actionable Azure resource item');
    const runs: [string[], number][] = [
      [['show', item.shortId, '-o', 'json'], 0],
      [['status', '-o', 'json'], 0],
      [['whoami', '-o', 'json'], 0],
      [['approve', item.shortId, '-j', 'INC0012345 checked', '-o', 'json'], 0],
      [['approve', item.shortId, '-j', 'INC0012345 checked', '-o', 'json'], 4],
      [['outbox', '-o', 'json'], 0],
      [['sync', '-o', 'json'], 0],
      [['history', '-o', 'json'], 0],
      [['list', '--created-by-me', '-o', 'json'], 0],
    ];
    const schemas: unknown[] = [];
    for (const [argv, code] of runs) {
      const r = await w.cli(argv);
      expect(r.code, argv.join(' ')).toBe(code);
      const parsed: unknown = JSON.parse(r.out);
      schemas.push(Array.isArray(parsed) ? 'array' : (parsed as { schema?: string }).schema ?? 'object');
    }
    expect(schemas).toEqual([
      'pim-approvals/request@1',
      'pim-approvals/status@1',
      'pim-approvals/whoami@1',
      'pim-approvals/decision@1',
      'pim-approvals/decision@1',
      'array',
      'object',
      'pim-approvals/history@1',
      'pim-approvals/requests@1',
    ]);
    // A cancel of a decision that was never sent gives its JSON too.
    const other = items.find((i) => i.actionable && i.kind === 'azureResource' && i.id !== item.id);
    if (!other) throw new Error('need a second actionable item');
    // Azure unreachable: the decision waits in the outbox (a stage id is taken as given, without a lookup).
    const offline = await w.cli(['deny', other.id, '-j', 'later', '-o', 'json', '--arm-endpoint', await deadEndpoint()]);
    expect(JSON.parse(offline.out)).toMatchObject({ state: 'queued', recordedResult: 'Deny' });
    const entry = (JSON.parse((await w.cli(['outbox', '-o', 'json'])).out) as { shortId: string; state: string }[]).find((e) => e.state === 'queued');
    const cancelled = await w.cli(['cancel', entry?.shortId ?? '', '-o', 'json']);
    expect(cancelled.code).toBe(0);
    expect(JSON.parse(cancelled.out)).toMatchObject({ schema: 'pim-approvals/cancel@1', cancelled: true, recordedResult: 'Deny', shortId: entry?.shortId });
  });

  it('the decision JSON carries the short ID and the full ids', async () => {
    const w = await world();
    const item = (await listed(w)).find((i) => i.actionable && i.kind === 'entraRole');
    if (!item) throw new Error('no actionable Entra ID item');
    const r = await w.cli(['approve', item.shortId, '-j', 'INC0077001 confirmed', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ schema: 'pim-approvals/decision@1', shortId: item.shortId, requestId: item.requestName, stageId: item.id, state: 'done' });
  });
});

describe('-o jsonc', () => {
  it('is the JSON coloured on a terminal, and exactly the JSON otherwise', async () => {
    const w = await world();
    const plain = await runWithColour(w, ['status', '-o', 'json'], false);
    const onTerminal = await runWithColour(w, ['status', '-o', 'jsonc'], true);
    const piped = await runWithColour(w, ['status', '-o', 'jsonc'], false);
    expect(onTerminal.out).toContain('\u001b[94m"schema"\u001b[0m:');
    expect(JSON.parse(uncolour(onTerminal.out))).toEqual(JSON.parse(plain.out));
    expect(piped.out).toBe(plain.out);
  });

  it('a real process writing to a pipe gets plain JSON', async () => {
    const w = await world();
    const r = await w.spawnCli(['list', '-o', 'jsonc']).done;
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('\u001b');
    expect((JSON.parse(r.out) as { schema: string }).schema).toBe('pim-approvals/queue@1');
  }, 30_000);
});

describe('-o table', () => {
  it("uses the window's words: Activation, 2 h, In progress, Waiting for approval — never the raw values", async () => {
    const w = await world();
    const items = await listed(w);
    const table = await w.cli(['list']);
    expect(table.out).toMatch(/\bActivation\b/);
    expect(items.some((i) => i.requestType === 'SelfActivate')).toBe(true);
    expect(table.out).not.toMatch(/SelfActivate|\bPT\d+H\b/);
    const twoHours = items.find((i) => i.duration === 'PT2H');
    if (!twoHours) throw new Error('no PT2H request in the scenario');
    expect(table.out.split('\n').find((l) => l.startsWith(twoHours.shortId))).toMatch(/\s2 h\s/);
    const shown = await w.cli(['show', twoHours.shortId]);
    expect(shown.out).toMatch(/^Duration: +2 h$/m);
    expect(shown.out).toMatch(/^Stage: +1 of 1: In progress$/m);
    expect(shown.out).toMatch(/^Status: +Waiting for approval$/m);
    expect(shown.out).toMatch(/^Type: +Activation/m);
    expect(shown.out).not.toMatch(/InProgress|PendingApproval|SelfActivate|PT2H/);
  });

  it('every short ID in the table names its own request in show, approve and deny', async () => {
    const w = await world();
    const items = await listed(w);
    const tableIds = (await w.cli(['list'])).out
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(/\s+/)[0]);
    expect(tableIds).toEqual(items.map((i) => i.shortId));
    for (const item of items) {
      const shown = await w.cli(['show', item.shortId, '-o', 'json']);
      expect(shown.code, item.shortId).toBe(0);
      expect((JSON.parse(shown.out) as { item: { id: string; shortId: string } }).item).toMatchObject({ id: item.id, shortId: item.shortId });
    }
    const [a, b] = items.filter((i) => i.actionable);
    if (!a || !b) throw new Error('need two actionable items');
    expect(await w.cli(['approve', a.shortId, '-j', 'ok'])).toMatchObject({ code: 0, out: expect.stringMatching(/^Approved: /) });
    expect(await w.cli(['deny', b.shortId, '-j', 'no'])).toMatchObject({ code: 0, out: expect.stringMatching(/^Denied: /) });
    expect(w.s.sim.appliedDecisions().map((d) => d.result)).toEqual(['Approve', 'Deny']);
  });
});

describe('-o tsv', () => {
  it('is one tab-separated row per item, no header, the same short IDs and stage ids as JSON', async () => {
    const w = await world();
    const items = await listed(w);
    const r = await w.cli(['list', '-o', 'tsv']);
    expect(r.code).toBe(0);
    const rows = r.out.split('\n').slice(0, -1).map((l) => l.split('\t'));
    expect(rows).toHaveLength(items.length);
    expect(rows.every((cells) => cells.length === 11)).toBe(true);
    expect(rows.map((cells) => [cells[0], cells[1], cells[10]])).toEqual(items.map((i) => [i.shortId, i.kind, i.id]));
    expect(rows.map((cells) => cells[9])).toEqual(items.map((i) => String(i.actionable)));
  });
});

describe('-o none', () => {
  it('prints nothing on stdout; the exit code still says what happened', async () => {
    const w = await world();
    const [a] = (await listed(w)).filter((i) => i.actionable && i.kind === 'azureResource');
    if (!a) throw new Error('no actionable item');
    expect(await w.cli(['approve', a.shortId, '-j', 'ok', '-o', 'none'])).toMatchObject({ code: 0, out: '' });
    expect(writes(w.s)).toHaveLength(1);
    const again = await w.cli(['deny', a.shortId, '-j', 'changed my mind', '-o', 'none']);
    expect(again).toMatchObject({ code: 6, out: '' });
    expect(again.err).toMatch(/refused/);
    for (const argv of [['list'], ['status'], ['whoami'], ['outbox'], ['history']]) expect(await w.cli([...argv, '-o', 'none']), argv[0]).toMatchObject({ code: 0, out: '' });
  });
});

describe('--help of each command', () => {
  it.each(Object.keys(commands))('%s --help lists its options, -o, and one-line examples', async (name) => {
    let out = '';
    const code = await main([name, '--help'], {}, { out: (x) => void (out += x), err: () => undefined });
    const r = { code, out };
    expect(r.code).toBe(0);
    const options = Object.entries(commands[name]?.options ?? {}).map(([long, o]) => (o.short ? `-${o.short}, --${long}` : `--${long}`));
    for (const option of [...options, '-o, --output FORMAT']) expect(r.out).toMatch(new RegExp(`^  ${option.replace(/[-]/g, '\\-')}\\b`, 'm'));
    const examples = r.out.split('Examples:\n')[1]?.split('\n').filter((l) => l.trim()) ?? [];
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) expect(example).toMatch(new RegExp(`^  .*\\bpim-approvals ${name}\\b`));
  });
});
