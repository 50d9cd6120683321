/**
 * A minimal SOCKS5 server on loopback for proxy tests: username/password or no auth, CONNECT
 * to IPv4 or domain targets on 127.0.0.0/8 only. It counts the tunnels it opened. `behaviour`
 * makes it a failing proxy: `refuse-target` answers every CONNECT with "connection refused",
 * `silent` accepts the TCP connection and never answers.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface Socks5Server {
  port: number;
  tunnels: number;
  /** Connections from clients, whatever came of them. */
  connections: number;
  close(): Promise<void>;
}

export type Socks5Behaviour = 'tunnel' | 'refuse-target' | 'silent';

export async function startSocks5Server(
  auth: { username: string; password: string } | null = null,
  behaviour: Socks5Behaviour = 'tunnel',
): Promise<Socks5Server> {
  const sockets = new Set<Socket>();
  const state = { tunnels: 0, connections: 0 };
  const server: Server = createServer((client) => {
    sockets.add(client);
    state.connections++;
    if (behaviour === 'silent') {
      client.on('error', () => undefined);
      return;
    }
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    let buffer = Buffer.alloc(0);
    let phase: 'greeting' | 'auth' | 'request' | 'open' = 'greeting';
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (phase === 'greeting' && buffer.length >= 2 && buffer.length >= 2 + (buffer[1] ?? 0)) {
        const methods = buffer.subarray(2, 2 + (buffer[1] ?? 0));
        buffer = buffer.subarray(2 + (buffer[1] ?? 0));
        const wanted = auth ? 0x02 : 0x00;
        if (!methods.includes(wanted)) {
          client.end(Buffer.from([5, 0xff]));
          return;
        }
        client.write(Buffer.from([5, wanted]));
        phase = auth ? 'auth' : 'request';
      }
      if (phase === 'auth' && buffer.length >= 2) {
        const ulen = buffer[1] ?? 0;
        const plen = buffer[2 + ulen] ?? 0;
        if (buffer.length < 3 + ulen + plen) return;
        const user = buffer.subarray(2, 2 + ulen).toString();
        const pass = buffer.subarray(3 + ulen, 3 + ulen + plen).toString();
        buffer = buffer.subarray(3 + ulen + plen);
        const ok = auth !== null && user === auth.username && pass === auth.password;
        client.write(Buffer.from([1, ok ? 0 : 1]));
        if (!ok) {
          client.end();
          return;
        }
        phase = 'request';
      }
      if (phase === 'request' && buffer.length >= 5) {
        const type = buffer[3];
        let host: string;
        let offset: number;
        if (type === 1) {
          if (buffer.length < 10) return;
          host = [...buffer.subarray(4, 8)].join('.');
          offset = 8;
        } else if (type === 3) {
          const len = buffer[4] ?? 0;
          if (buffer.length < 7 + len) return;
          host = buffer.subarray(5, 5 + len).toString();
          offset = 5 + len;
        } else {
          client.end(Buffer.from([5, 8, 0, 1, 0, 0, 0, 0, 0, 0]));
          return;
        }
        const port = buffer.readUInt16BE(offset);
        const rest = buffer.subarray(offset + 2);
        if (behaviour === 'refuse-target') {
          client.end(Buffer.from([5, 5, 0, 1, 0, 0, 0, 0, 0, 0]));
          return;
        }
        if (!/^127\.\d+\.\d+\.\d+$/.test(host) && host !== 'localhost') {
          client.end(Buffer.from([5, 2, 0, 1, 0, 0, 0, 0, 0, 0]));
          return;
        }
        phase = 'open';
        client.off('data', onData);
        const upstream = connect(port, host, () => {
          state.tunnels++;
          client.write(Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 0]));
          if (rest.length) upstream.write(rest);
          client.pipe(upstream);
          upstream.pipe(client);
        });
        sockets.add(upstream);
        upstream.on('close', () => {
          sockets.delete(upstream);
          client.destroy();
        });
        upstream.on('error', () => client.destroy());
        client.on('close', () => upstream.destroy());
      }
    };
    client.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    get tunnels() {
      return state.tunnels;
    },
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}
