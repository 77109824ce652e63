// Replays every example of Microsoft's OpenAPI specs (shared/spec/**/examples) against a
// simulator seeded with the entity the example describes, and checks that the status is
// one the example lists and the body has the example's shape (keys and JSON types).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixtureForExample, type ExampleFile } from '../../test/kit/example-fixtures';
import { startSimulator } from './simulator';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const specRoot = path.resolve(repoRoot, '..', 'shared', 'spec');

interface SpecParam {
  name: string;
  in: string;
}

interface Operation {
  operationId: string;
  method: string;
  template: string;
  params: SpecParam[];
  exampleFile: string;
}

function specFiles(): string[] {
  if (!existsSync(specRoot)) throw new Error(`OpenAPI specs not found at ${specRoot}: the conformance test replays their examples (expected ../shared/spec beside the repo).`);
  return readdirSync(specRoot)
    .map((d) => path.join(specRoot, d))
    .filter((d) => statSync(d).isDirectory())
    .flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.json')).map((f) => path.join(d, f)));
}

function exampleFiles(): string[] {
  return readdirSync(specRoot)
    .map((d) => path.join(specRoot, d, 'examples'))
    .filter((d) => existsSync(d))
    .flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.json')).map((f) => path.join(d, f)));
}

type Json = Record<string, unknown>;

/** Resolves a parameter, following local refs; the only external ref is the common api-version parameter. */
function resolveParam(spec: Json, p: Json): SpecParam {
  const ref = typeof p['$ref'] === 'string' ? p['$ref'] : null;
  if (!ref) return { name: String(p['name']), in: String(p['in']) };
  if (ref.endsWith('/ApiVersionParameter')) return { name: 'api-version', in: 'query' };
  const local = /^#\/parameters\/(.+)$/.exec(ref)?.[1];
  const target = local ? ((spec['parameters'] as Json)[local] as Json) : null;
  if (!target) throw new Error(`unresolvable parameter ref ${ref}`);
  return { name: String(target['name']), in: String(target['in']) };
}

function operations(): Operation[] {
  const ops: Operation[] = [];
  for (const file of specFiles()) {
    const spec = JSON.parse(readFileSync(file, 'utf8')) as Json;
    for (const [template, item] of Object.entries(spec['paths'] as Record<string, Json>)) {
      for (const [method, opValue] of Object.entries(item)) {
        if (method === 'parameters') continue;
        const op = opValue as Json;
        const params = [...((item['parameters'] as Json[] | undefined) ?? []), ...((op['parameters'] as Json[] | undefined) ?? [])].map((p) => resolveParam(spec, p));
        for (const ex of Object.values((op['x-ms-examples'] as Record<string, Json> | undefined) ?? {})) {
          ops.push({ operationId: String(op['operationId']), method: method.toUpperCase(), template, params, exampleFile: path.resolve(path.dirname(file), String(ex['$ref'])) });
        }
      }
    }
  }
  return ops;
}

function buildRequest(op: Operation, example: ExampleFile): { pathAndQuery: string; body: unknown } {
  const values = example.parameters;
  let url = op.template;
  const query: string[] = [];
  let body: unknown;
  for (const p of op.params) {
    const v = values[p.name];
    if (p.in === 'path') {
      if (typeof v !== 'string') throw new Error(`${op.operationId}: example lacks path parameter ${p.name}`);
      // {scope} is x-ms-skip-url-encoding: it holds slashes.
      url = url.replace(`{${p.name}}`, p.name === 'scope' ? v : encodeURIComponent(v));
    } else if (p.in === 'query' && typeof v === 'string') query.push(`${p.name}=${encodeURIComponent(v)}`);
    else if (p.in === 'body') {
      body = v;
      // The stage PUT/PATCH examples leave their body parameter ("properties") empty and put the real body under "body".
      if (typeof v === 'object' && v !== null && Object.keys(v).length === 0 && values['body'] !== undefined) body = values['body'];
    }
  }
  return { pathAndQuery: `${url}?${query.join('&')}`, body };
}

/** Differences in shape: same keys recursively and same JSON types. A null in the example means "nullable": anything fits. */
function shapeDiff(expected: unknown, actual: unknown, where: string, out: string[]): void {
  if (expected === null) return;
  const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  if (kind(expected) !== kind(actual)) {
    out.push(`${where}: expected ${kind(expected)}, got ${kind(actual)}`);
    return;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length > 0 && actual.length === 0) out.push(`${where}: expected items, got an empty array`);
    if (expected.length > 0) actual.forEach((item, i) => shapeDiff(expected[0], item, `${where}[${i}]`, out));
    return;
  }
  if (kind(expected) === 'object') {
    const e = expected as Json;
    const a = actual as Json;
    for (const key of Object.keys(e)) if (!(key in a)) out.push(`${where}.${key}: missing`);
    for (const key of Object.keys(a)) if (!(key in e)) out.push(`${where}.${key}: not in the example`);
    for (const key of Object.keys(e)) if (key in a) shapeDiff(e[key], a[key], `${where}.${key}`, out);
  }
}

const ops = operations();

describe('conformance with the OpenAPI examples', () => {
  it('covers every example file exactly once', () => {
    const files = exampleFiles().sort();
    expect(files.length).toBe(17);
    expect(ops.map((o) => o.exampleFile).sort()).toEqual(files);
  });

  it('has a shape check that notices missing keys, extra keys and changed types', () => {
    const diffs: string[] = [];
    shapeDiff({ a: 1, b: { c: 'x' }, d: [{ e: true }], n: null }, { a: '1', b: {}, d: [{ e: true, f: 1 }], n: 5 }, '$', diffs);
    expect(diffs).toEqual(['$.a: expected number, got string', '$.b.c: missing', '$.d[0].f: not in the example']);
  });

  for (const op of ops) {
    it(`${op.operationId} replays ${path.basename(op.exampleFile)}`, async () => {
      const example = JSON.parse(readFileSync(op.exampleFile, 'utf8')) as ExampleFile;
      const fixture = fixtureForExample(op.operationId, example);
      // The examples document 200 with the stage for decisions; real callers mostly see 204.
      const running = await startSimulator({ scenario: fixture.scenario, knobs: { patchAnswers: 200 } });
      try {
        const { pathAndQuery, body } = buildRequest(op, example);
        const token = running.tokens[fixture.caller];
        const res = await fetch(`${running.url}${pathAndQuery}`, {
          method: op.method,
          headers: { Authorization: `Bearer ${token ?? ''}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
        const text = await res.text();
        expect(Object.keys(example.responses), text).toContain(String(res.status));
        const expected = example.responses[String(res.status)]?.body;
        if (expected === undefined) {
          expect(text).toBe('');
          return;
        }
        const diffs: string[] = [];
        shapeDiff(expected, JSON.parse(text) as unknown, '$', diffs);
        expect(diffs).toEqual([]);
      } finally {
        await running.close();
      }
    });
  }
});
