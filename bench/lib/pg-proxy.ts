import { once } from 'node:events';
import { createConnection, createServer, Server, Socket } from 'node:net';

/** PostgreSQL protocol: the SSLRequest and GSSENCRequest codes (untyped messages before the startup packet). */
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const QUERY = 0x51; // 'Q': a simple-protocol query, one round trip
const SYNC = 0x53; // 'S': ends an extended-protocol batch (Parse/Bind/Execute...), one round trip

/**
 * A TCP proxy in front of PostgreSQL that counts round trips: every frontend `Query` or `Sync`
 * message is one request the client then waits on (node-postgres sends one `Sync` per
 * parameterised query). Bytes are forwarded as they come (counting reads a copy), so it adds one
 * loopback hop and nothing else.
 */
export class PgCountingProxy {
  /** Round trips of every connection since start (or the last {@link reset}). */
  roundTrips = 0;

  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  private constructor(upstream: { host: string; port: number }) {
    this.server = createServer((client) => this.accept(client, upstream));
  }

  /** Listens on a free loopback port and forwards to `upstream` (`host:port`, default 127.0.0.1:5432). */
  static async start(upstream: { host: string; port: number } = { host: '127.0.0.1', port: 5432 }): Promise<PgCountingProxy> {
    const proxy = new PgCountingProxy(upstream);
    proxy.server.listen(0, '127.0.0.1');
    await once(proxy.server, 'listening');
    return proxy;
  }

  /** The loopback port it listens on. */
  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  /** `databaseUrl` with its host and port replaced by the proxy's. */
  url(databaseUrl: string): string {
    const url = new URL(databaseUrl);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  reset(): void {
    this.roundTrips = 0;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private accept(client: Socket, upstream: { host: string; port: number }): void {
    const server = createConnection(upstream);
    this.sockets.add(client).add(server);
    const drop = () => {
      client.destroy();
      server.destroy();
      this.sockets.delete(client);
      this.sockets.delete(server);
    };
    client.on('error', drop).on('close', drop);
    server.on('error', drop).on('close', drop);
    server.pipe(client);
    let pending: Buffer = Buffer.alloc(0);
    let started = false;
    client.on('data', (chunk: Buffer) => {
      server.write(chunk);
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      for (;;) {
        if (!started) {
          if (pending.length < 8) break;
          const length = pending.readInt32BE(0);
          if (pending.length < length) break;
          const code = pending.readInt32BE(4);
          if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) started = true;
          pending = pending.subarray(length);
          continue;
        }
        if (pending.length < 5) break;
        const total = 1 + pending.readInt32BE(1);
        if (pending.length < total) break;
        if (pending[0] === QUERY || pending[0] === SYNC) this.roundTrips++;
        pending = pending.subarray(total);
      }
    });
  }
}
