// The standalone simulator process: prints where it listens (ARM and Graph), its tokens and
// secret, serves both and stops on SIGTERM. (Non-loopback refusal is startSimulator's; transport.test.ts covers it.)
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { knobsFromArgs } from './cli-args';

const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cli.ts');

function run(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const until = async (pattern: RegExp) => {
    for (let i = 0; i < 300 && !pattern.test(out); i++) await new Promise((r) => setTimeout(r, 50));
    return pattern.exec(out);
  };
  return { child, exited, until, output: () => out, errors: () => err };
}

describe('sim CLI', () => {
  it('prints the URL, tokens and control secret, serves ARM and stops on SIGTERM', async () => {
    const p = run(['--port', '0', '--scenario', 'quiet', '--page-size', '2', '--secret', 'cli-secret']);
    const url = (await p.until(/PIM simulator listening on (http:\/\/127\.0\.0\.1:\d+)/))?.[1];
    expect(url, p.errors()).toBeDefined();
    const token = (await p.until(/^\s+me\s+(\S+)/m))?.[1];
    expect(p.output()).toContain('control secret: cli-secret');
    const res = await fetch(`${url}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests?api-version=2020-10-01&$filter=asApprover()`, {
      headers: { Authorization: `Bearer ${token ?? ''}` },
    });
    const body = (await res.json()) as { value: unknown[]; nextLink?: string };
    expect(body.value).toHaveLength(2);
    expect(body.nextLink?.startsWith(`${url}/`)).toBe(true);
    const graphUrl = (await p.until(/Microsoft Graph listening on (http:\/\/127\.0\.0\.1:\d+)/))?.[1];
    // The first `me` line after the Graph heading (tokens are JWT-shaped, so no prefix tells them apart).
    const graphToken = /^Graph tokens[^\n]*\n(?:.*\n)*?\s+me\s+(\S+)/m.exec(p.output())?.[1];
    const graph = await fetch(`${graphUrl ?? ''}/v1.0/roleManagement/directory/roleAssignmentScheduleRequests/filterByCurrentUser(on='approver')`, {
      headers: { Authorization: `Bearer ${graphToken ?? ''}` },
    });
    expect(graph.status).toBe(200);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it('--world serves Contoso and Fabrikam, each block with its own URL and tokens, and the guest in Fabrikam lists both tenants', async () => {
    const p = run(['--world', '--secret', 'world-secret']);
    await p.until(/== tenant Fabrikam [\s\S]*Graph tokens[^\n]*\n(?:.*\n)*\s+me\s+\S+/);
    const blocks = p.output().split(/^== tenant /m).slice(1);
    expect(blocks.map((b) => b.split(' ')[0]), p.errors()).toEqual(['Contoso', 'Fabrikam']);
    const [url, token] = [/PIM simulator listening on (\S+)/.exec(blocks[1] ?? '')?.[1], /^\s+me\s+(\S+)/m.exec(blocks[1] ?? '')?.[1]];
    const res = await fetch(`${url ?? ''}/tenants?api-version=2022-12-01`, { headers: { Authorization: `Bearer ${token ?? ''}` } });
    const body = (await res.json()) as { value: Array<{ displayName: string }> };
    expect(body.value.map((t) => t.displayName)).toEqual(['Fabrikam', 'Contoso']);
    expect(blocks.every((b) => b.includes('control secret: world-secret'))).toBe(true);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it('maps flags to knobs', () => {
    expect(knobsFromArgs({ latency: '50', 'error-rate': '0.2', 'page-size': '10', 'flat-body-only': true, 'late-status': '400', 'write-burst': '3' })).toEqual({
      latencyMs: 50,
      errorRate: 0.2,
      pageSize: 10,
      flatBodyOnly: true,
      lateDecisionStatus: 400,
      writeBucket: { burst: 3, perSecond: 10 },
    });
    expect(knobsFromArgs({ 'graph-burst': '5', 'no-group-consent': true, 'next-link-origin': 'https://evil.example' })).toEqual({
      graphBucket: { burst: 5, perSecond: 25 },
      graphConsent: { entraRole: true, group: false },
      nextLinkOrigin: 'https://evil.example',
    });
  });
});
