/**
 * The token never leaves in an error: a token a header cannot carry is refused before any
 * request (fetch would quote it whole in its error), and every error text built from a
 * thrown error or a server's message is cleaned of the token the call used and of anything
 * shaped like one. Real loopback servers; where fetch itself must throw, a fetch stand-in
 * (not our code) throws the way undici does.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createArmClient, type ArmClientOptions } from '../arm/client';
import { fixtures, sendJson, startLoopback, type LoopbackServer } from '../../../test/kit/loopback-server';
import { steppingClock } from '../../../test/kit/stepping-clock';
import { tokenProblem } from './http';
import type { ArmResult } from '../arm/types';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function openStage(): Promise<LoopbackServer> {
  const server = await startLoopback((hit, res) => (hit.method === 'GET' ? sendJson(res, 200, fixtures.stage('a1', 's1')) : sendJson(res, 204, {})));
  servers.push(server);
  return server;
}
const client = (server: LoopbackServer, token: string, extra: Partial<ArmClientOptions> = {}) =>
  createArmClient({ endpoint: server.url, getToken: async () => token, clock: steppingClock(), principalId: async () => 'me', retry: { maxAttempts: 1 }, ...extra });
const stageId = fixtures.stageId('a1', 's1');

/** Every run of 4+ token characters, so "no part of the token" is checked, not just the whole. */
function partsOf(token: string): string[] {
  return token.split(/[^A-Za-z0-9_-]+/).filter((p) => p.length >= 4);
}
function messageOf(result: ArmResult<unknown>): string {
  if (result.ok) throw new Error('expected an error');
  return result.error.message;
}

describe('a token a header cannot carry', () => {
  const jwtWithNewline = 'eyJhbGciOiJSUzI1NiJ9.eyJvaWQiOiJtZS1vaWQtc2VjcmV0In0.c2lnbmF0dXJlLXNlY3JldA\nX-Injected: yes';

  it('with a newline: refused before any request, and the error holds no part of it', async () => {
    const server = await openStage();
    const arm = client(server, jwtWithNewline);
    const read = await arm.getStage(stageId);
    const decided = await arm.decide(stageId, 'Approve', 'ok');
    expect(server.hits).toHaveLength(0);
    for (const result of [read, decided]) {
      expect(result).toMatchObject({ ok: false, error: { kind: 'unauthorized', message: 'The access token contains whitespace or control characters; it was not sent.' } });
      for (const part of partsOf(jwtWithNewline)) expect(messageOf(result)).not.toContain(part);
    }
  });

  it('with a tab, a space, a NUL or DEL: refused the same way', async () => {
    const server = await openStage();
    for (const token of ['abc\tdefghijk', 'abc defghijk', 'abc\u0000defghijk', 'abc\u007fdefghijk', 'abc\u2028defghijk']) {
      expect(await client(server, token).getStage(stageId)).toMatchObject({ ok: false, error: { message: 'The access token contains whitespace or control characters; it was not sent.' } });
    }
    expect(server.hits).toHaveLength(0);
  });

  it('with characters outside visible ASCII: refused, naming no character of it', async () => {
    const server = await openStage();
    expect(await client(server, 'secret-tokén-value').getStage(stageId)).toMatchObject({
      ok: false,
      error: { kind: 'unauthorized', message: 'The access token contains characters an HTTP header cannot carry; it was not sent.' },
    });
    expect(server.hits).toHaveLength(0);
  });

  it('an ordinary token passes the check', () => {
    expect(tokenProblem('eyJhbGciOiJSUzI1NiJ9.eyJvaWQiOiJtZSJ9.c2ln-_~+/=')).toBeNull();
  });
});

describe('error texts are cleaned of the token', () => {
  const token = 'opaque.token-value_0123456789';

  it('an error thrown by fetch that quotes the token (as undici does): redacted', async () => {
    const server = await openStage();
    const fetchThatQuotes: ArmClientOptions['fetch'] = async (_url, init) => {
      const auth = new Headers(init.headers).get('authorization') ?? '';
      throw new TypeError(`Headers.append: "${auth}" is an invalid header value.`, { cause: new Error(`while sending ${auth.slice(7)}`) });
    };
    const result = await client(server, token, { fetch: fetchThatQuotes }).getStage(stageId);
    const message = messageOf(result);
    expect(result).toMatchObject({ ok: false, error: { kind: 'network' } });
    expect(message).toMatch(/^Could not reach ARM: Headers\.append: "Bearer \[redacted\]" is an invalid header value\. \(while sending \[redacted\]\)$/);
    for (const part of partsOf(token)) expect(message).not.toContain(part);
  });

  it('a JWT in a thrown error that is not the call\'s token is removed by its shape', async () => {
    const server = await openStage();
    const otherJwt = 'eyJhbGciOiJSUzI1NiJ9.eyJvaWQiOiJvdGhlciJ9.c2lnbmF0dXJl';
    const result = await client(server, token, { fetch: async () => Promise.reject(new Error(`proxy said: ${otherJwt}`)) }).getStage(stageId);
    expect(messageOf(result)).toBe('Could not reach ARM: proxy said: [redacted-jwt]');
  });

  it('a server that echoes the token in its error message: redacted, the code kept', async () => {
    const server = await startLoopback((hit, res) =>
      sendJson(res, 401, { error: { code: 'InvalidAuthenticationToken', message: `The token '${String(hit.headers.authorization).slice(7)}' is not valid.` } }),
    );
    servers.push(server);
    const result = await client(server, token).getStage(stageId);
    expect(result).toMatchObject({ ok: false, error: { kind: 'unauthorized', code: 'InvalidAuthenticationToken', message: "The token '[redacted]' is not valid." } });
  });

  it('an ARM batch answer\'s inner message is cleaned of token shapes too', async () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJvaWQiOiJtZSJ9.c2lnbmF0dXJl';
    const server = await startLoopback((hit, res) => {
      if (hit.method === 'GET') return sendJson(res, 200, fixtures.stage('a1', 's1'));
      if (hit.method !== 'POST') return sendJson(res, 400, { error: { code: 'BadRequest', message: 'shape' } });
      sendJson(res, 200, { responses: [{ httpStatusCode: 403, content: { error: { code: 'AuthorizationFailed', message: `Denied for ${jwt}.` } } }] });
    });
    servers.push(server);
    expect(await client(server, token).decide(stageId, 'Approve', 'ok')).toMatchObject({ ok: false, error: { status: 403, message: 'Denied for [redacted-jwt].' } });
  });

  it('a token source that fails with a token-shaped text: redacted before anything is sent', async () => {
    const server = await openStage();
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJvaWQiOiJtZSJ9.c2lnbmF0dXJl';
    const result = await client(server, token, { getToken: () => Promise.reject(new Error(`cache held ${jwt}`)) }).getStage(stageId);
    expect(result).toMatchObject({ ok: false, error: { kind: 'unauthorized', message: 'Could not get an access token: cache held [redacted-jwt]' } });
    expect(server.hits).toHaveLength(0);
  });

  it('a body that breaks off mid-read, with the token in the cause: redacted', async () => {
    const server = await openStage();
    const breaksOff: ArmClientOptions['fetch'] = async () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"id":'));
            controller.error(new Error(`socket for ${token} closed`));
          },
        }),
        { status: 200 },
      );
    const result = await client(server, token, { fetch: breaksOff }).getStage(stageId);
    expect(result).toMatchObject({ ok: false, error: { kind: 'network', message: 'Could not reach ARM: socket for [redacted] closed' } });
  });
});
