import { createServer, type Server, type Socket } from 'node:net';
import { DcConnection } from './connection';
import type { DcRuntime } from './runtime';

/** Listens for one DC; every accepted socket becomes a {@link DcConnection}. */
export class DcServer {
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly rt: DcRuntime,
  ) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      const isRefused = rt.control.isBlackedOut();
      rt.control.noteDial(rt.id, isRefused);
      if (isRefused) {
        socket.destroy();
        return;
      }
      rt.connections.add(new DcConnection(socket, rt));
    });
  }

  /** Starts listening on `host:port`; rejects with the listen error (e.g. EADDRINUSE). */
  static listen(rt: DcRuntime): Promise<DcServer> {
    return new Promise((resolve, reject) => {
      const server = createServer();
      const onError = (e: Error): void => {
        server.close();
        reject(e);
      };
      server.once('error', onError);
      server.listen({ host: rt.host, port: rt.port, exclusive: true }, () => {
        server.off('error', onError);
        resolve(new DcServer(server, rt));
      });
    });
  }

  /** Closes the listener and every socket. */
  async close(): Promise<void> {
    for (const c of [...this.rt.connections]) c.close();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) =>
      this.server.close(() => {
        r();
      }),
    );
  }
}
