/**
 * A pass-through loopback proxy in front of one simulator listener, one per decider process,
 * so the contention soak can strike a process at the one moment that matters: it has read a
 * stage it has not written yet and waits for the answer, so its write comes next. The strike
 * (SIGSTOP or SIGKILL) runs before that answer is handed back, so on a loaded machine it
 * still lands before the write, however late the process is scheduled. Forwards everything
 * else untouched; never records or prints headers or bodies (they carry the token and the
 * justification). A bench helper, never shipped.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Gate {
  /** Point the process's --arm-endpoint / --graph-endpoint here. */
  url: string;
  /**
   * Runs `strike` at this process's next read of a stage it has not written, before the
   * answer goes back (once; arming again replaces it).
   */
  arm(strike: (stageKey: string) => void): void;
  disarm(): void;
  close(): Promise<void>;
}

/** The stage of an ARM stage URL or a Graph step/stage path, lower-cased; null for any other URL. */
export function stageOfPath(path: string): string | null {
  const m = /\/(?:stages|steps)\/([^/?#]+)(?:[?#]|$)/i.exec(path);
  return m ? (m[1] as string).toLowerCase() : null;
}

export async function startGate(target: string): Promise<Gate> {
  const origin = new URL(target);
  const written = new Set<string>();
  let armed: ((stageKey: string) => void) | null = null;

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const stage = stageOfPath(req.url ?? '');
    const method = (req.method ?? 'GET').toUpperCase();
    if (stage && (method === 'PUT' || method === 'PATCH')) written.add(stage);
    const upstream = request(
      { host: origin.hostname, port: origin.port, method, path: req.url, headers: { ...req.headers, host: origin.host } },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          const strike = armed;
          if (strike && stage && method === 'GET' && !written.has(stage)) {
            armed = null;
            strike(stage);
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(Buffer.concat(chunks));
        });
        answer.on('error', () => res.destroy());
      },
    );
    upstream.on('error', () => res.destroy());
    upstream.end(body);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => forward(req, res, Buffer.concat(chunks)));
    // The process may be killed mid-answer: its socket errors are expected.
    res.on('error', () => undefined);
    req.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    arm: (strike) => {
      armed = strike;
    },
    disarm: () => {
      armed = null;
    },
    close: () =>
      new Promise<void>((resolve) => {
        armed = null;
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
