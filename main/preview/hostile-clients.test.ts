// A signed-in page (or anything holding its cookie) that sends a broken WebSocket frame must
// lose only its own socket, and a stranger that resets its refused connection must lose only
// that: the preview process keeps serving every other and every new client.
// The server runs in a child process, so "it did not die" is proven by a later successful call.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { MAX_BRIDGE_MESSAGE_BYTES } from './bridge-limits';

type Outcome = { ok: boolean; value?: unknown; error?: string };

let child: ChildProcessByStdio<Writable, Readable, Readable>;
let origin: string;
let cookie: string;
let stderr: string;
let nextId = 1;

// A fresh server per test: one test's crash must not be blamed on the next.
beforeEach(async () => {
  const secret = randomBytes(24).toString('base64url');
  stderr = '';
  child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, '..', '..', 'test', 'kit', 'preview-server.child.ts')], {
    env: { ...process.env, PREVIEW_SECRET: secret },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  origin = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve((JSON.parse(line) as { origin: string }).origin);
    });
    child.once('exit', (code) => reject(new Error(`preview child exited (${code}) before listening: ${stderr}`)));
  });
  const res = await fetch(`${origin}/?secret=${secret}`, { redirect: 'manual' });
  cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
});

afterEach(async () => {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.stdin.end(); // the child closes its server and exits when stdin ends
  await exited;
});

function openBridge(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${origin.replace('http', 'ws')}/__preview/ws`, { headers: { cookie, origin } });
    // A write racing the server's close may fail with EPIPE; the test reads the close code instead.
    ws.on('error', () => {});
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    ws.once('close', () => reject(new Error(`the socket closed before opening; preview child exit code ${child.exitCode}: ${stderr}`)));
  });
}

function reply(ws: WebSocket, id: number): Promise<{ kind: 'reply'; outcome: Outcome }> {
  return new Promise((resolve) => {
    ws.on('message', function onMessage(data) {
      const parsed = JSON.parse(String(data)) as { id?: number; outcome?: Outcome };
      if (parsed.id !== id || !parsed.outcome) return;
      ws.off('message', onMessage);
      resolve({ kind: 'reply', outcome: parsed.outcome });
    });
  });
}

function closed(ws: WebSocket): Promise<{ kind: 'closed'; code: number }> {
  return new Promise((resolve) => ws.once('close', (code) => resolve({ kind: 'closed', code })));
}

/** state:get on `ws`; fails at once when the socket is (or gets) closed instead of answering. */
async function getState(ws: WebSocket): Promise<Outcome> {
  if (ws.readyState !== WebSocket.OPEN) throw new Error(`the socket is no longer open; preview child exit code ${child.exitCode}: ${stderr}`);
  const id = nextId++;
  const answer = Promise.race([closed(ws), reply(ws, id)]);
  ws.send(JSON.stringify({ id, channel: 'state:get' }));
  const first = await answer;
  if (first.kind === 'closed') throw new Error(`closed (${first.code}) instead of answering; preview child exit code ${child.exitCode}: ${stderr}`);
  return first.outcome;
}

/** A client-to-server text frame (FIN, opcode 1), masked as RFC 6455 requires of clients. */
function maskedTextFrame(payload: Buffer): Buffer {
  if (payload.length > 125) throw new Error('short frames only');
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ (mask[i % 4] ?? 0)));
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]);
}

/** Both checks that the process lived: an open socket still answers, and so does a new one. */
async function expectStillServing(bystander: WebSocket): Promise<void> {
  expect(await getState(bystander), stderr).toMatchObject({ ok: true, value: { mode: 'demo' } });
  const fresh = await openBridge();
  expect(await getState(fresh), stderr).toMatchObject({ ok: true, value: { mode: 'demo' } });
  fresh.close();
}

/**
 * Asks for the bridge without the cookie, waits for the server's first bytes of refusal (so the
 * server is mid-answer), then resets the connection instead of closing it politely.
 */
function refusedUpgradeThenReset(): Promise<string> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        `GET /__preview/ws HTTP/1.1\r\nHost: ${hostname}:${port}\r\nOrigin: ${origin}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
    });
    socket.once('data', (data: Buffer) => {
      socket.resetAndDestroy();
      resolve(data.toString('latin1').split('\r\n')[0] ?? '');
    });
    socket.once('error', (err) => reject(new Error(`${err.message}; preview child exit code ${child.exitCode}: ${stderr}`)));
  });
}

describe('preview against hostile clients (server in a child process)', () => {
  it('closes a socket that sends a message over the size limit with 1009 and keeps serving', async () => {
    const bystander = await openBridge();
    const attacker = await openBridge();
    const id = nextId++;
    const padding = 'x'.repeat(MAX_BRIDGE_MESSAGE_BYTES);
    // Valid JSON with an id: were the limit not enforced, the server would answer it.
    const first = Promise.race([closed(attacker), reply(attacker, id)]);
    attacker.send(JSON.stringify({ id, channel: 'state:get', payload: padding }));
    expect(await first).toEqual({ kind: 'closed', code: 1009 });
    await expectStillServing(bystander);
    bystander.close();
  });

  it('closes a socket that sends a text frame of invalid UTF-8 with 1007 and keeps serving', async () => {
    const bystander = await openBridge();
    const attacker = await openBridge();
    const wasClosed = closed(attacker);
    // `ws` validates text frames only on receipt, so the broken frame is written under it.
    const raw = (attacker as unknown as { _socket: Socket })._socket;
    raw.write(maskedTextFrame(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]))); // {"\xff\xfe"}
    expect(await wasClosed).toEqual({ kind: 'closed', code: 1007 });
    await expectStillServing(bystander);
    bystander.close();
  });

  it('answers the largest message the contract accepts (a 1,000-item decision at every maximum)', async () => {
    const ws = await openBridge();
    const id = nextId++;
    const itemIds = Array.from({ length: 1000 }, (_, i) => `${i}`.padStart(2048, 'x'));
    // 3-byte UTF-8 characters: the most bytes per character a justification can carry unescaped.
    const message = JSON.stringify({ id, channel: 'decision:submit', payload: { itemIds, result: 'Approve', justification: '✓'.repeat(2000) } });
    expect(Buffer.byteLength(message)).toBeGreaterThan(2_000_000);
    const first = Promise.race([closed(ws), reply(ws, id)]);
    ws.send(message);
    const answer = await first;
    // The signed-out core decides nothing, but one answer per item proves the frame got through.
    expect(answer).toMatchObject({ kind: 'reply', outcome: { ok: true } });
    const outcomes = (answer as { outcome: { value: Array<{ outcome: string }> } }).outcome.value;
    expect(outcomes).toHaveLength(1000);
    expect(outcomes.every((o) => o.outcome === 'failed')).toBe(true);
    ws.close();
  });

  it('survives strangers that reset the connection while it refuses their upgrade', async () => {
    const bystander = await openBridge();
    // Each refusal is awaited before the next reset: the server has handled the one before.
    for (let i = 0; i < 5; i++) expect(await refusedUpgradeThenReset()).toBe('HTTP/1.1 403 Forbidden');
    await expectStillServing(bystander);
    bystander.close();
  });
});
