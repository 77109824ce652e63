/**
 * A loopback TCP gate in front of the simulator, so a client can lose and regain Azure for
 * real: while closed nothing listens on the gate's port (connections are refused, as when
 * the network is gone) and open connections are cut; open, it relays bytes both ways,
 * unchanged. The port stays the same across close and open, so a client configured with
 * the gate's URL sees one endpoint come and go. Loopback only; reads nothing it relays.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface NetworkGate {
  /** http://127.0.0.1:PORT — configure it instead of the target's URL. */
  url: string;
  isOpen(): boolean;
  open(): Promise<void>;
  /** Refuses new connections and cuts the ones open. */
  close(): Promise<void>;
}

export async function startNetworkGate(target: string, options: { open?: boolean; port?: number } = {}): Promise<NetworkGate> {
  const to = new URL(target);
  if (to.hostname !== '127.0.0.1' && to.hostname !== '[::1]' && to.hostname !== 'localhost') throw new Error(`The network gate relays to loopback only, not ${to.hostname}.`);
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = options.port ?? 0;

  const relay = (client: Socket) => {
    const upstream = connect(Number(to.port), to.hostname.replace(/^\[|\]$/g, ''));
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  };

  const gate: NetworkGate = {
    url: '',
    isOpen: () => server !== null,
    async open() {
      if (server) return;
      const next = createServer(relay);
      await new Promise<void>((resolve, reject) => {
        next.once('error', reject);
        next.listen(port, '127.0.0.1', () => resolve());
      });
      port = (next.address() as AddressInfo).port;
      server = next;
    },
    async close() {
      const current = server;
      server = null;
      for (const s of sockets) s.destroy();
      sockets.clear();
      if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
    },
  };
  if (port === 0) {
    // Learn a free port once, so a gate that starts closed already has its URL.
    await gate.open();
    if (!options.open) await gate.close();
  } else if (options.open) {
    await gate.open();
  }
  gate.url = `http://127.0.0.1:${port}`;
  return gate;
}
