/**
 * A stand-in for Electron's `net.request` (the `electron` module is the one thing tests may
 * mock), over node:http against real loopback servers. It keeps the ClientRequest semantics
 * the app relies on (electron/electron docs/api/client-request.md): with
 * `redirect: 'manual'` a 3xx emits `redirect(statusCode, method, redirectUrl, headers)` and
 * goes no further; a 407 emits `login({ isProxy: true, … }, callback)`; other answers emit
 * `response`; a request that cannot be issued emits `error`. Records every request's options.
 */
import { EventEmitter } from 'node:events';
import http from 'node:http';

export interface RecordedRequest {
  method?: string;
  url?: string;
  redirect?: string;
}

export function fakeNetRequest(): { request: (options: Record<string, unknown>) => FakeClientRequest; calls: RecordedRequest[] } {
  const calls: RecordedRequest[] = [];
  return {
    calls,
    request: (options) => {
      calls.push({ method: options.method as string, url: options.url as string, redirect: options.redirect as string });
      return new FakeClientRequest(options);
    },
  };
}

export class FakeClientRequest extends EventEmitter {
  private req: http.ClientRequest | null = null;
  aborted = false;
  constructor(private readonly options: Record<string, unknown>) {
    super();
  }
  end(): void {
    const url = String(this.options.url);
    const req = http.request(url, { method: String(this.options.method ?? 'GET') }, (res) => {
      const status = res.statusCode ?? 0;
      const headers: Record<string, string[]> = {};
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v : [String(v)];
      if (status >= 300 && status < 400 && this.options.redirect === 'manual') {
        res.resume();
        this.emit('redirect', status, String(this.options.method ?? 'GET'), new URL(res.headers.location ?? '', url).href, headers);
        return;
      }
      if (status === 407) {
        res.resume();
        const u = new URL(url);
        this.emit('login', { isProxy: true, scheme: 'basic', host: u.hostname, port: Number(u.port), realm: 'proxy' }, () => undefined);
        return;
      }
      const response = Object.assign(new EventEmitter(), { statusCode: status, statusMessage: res.statusMessage ?? '', headers });
      this.emit('response', response);
      res.on('data', (chunk: Buffer) => response.emit('data', chunk));
      res.on('end', () => response.emit('end'));
    });
    req.on('error', (err) => {
      if (!this.aborted) this.emit('error', err);
    });
    this.req = req;
    req.end();
  }
  abort(): void {
    this.aborted = true;
    this.req?.destroy();
  }
}
