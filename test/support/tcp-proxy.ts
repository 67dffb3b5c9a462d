import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy to PostgreSQL that can be black-holed: it then forwards nothing in either
 * direction and closes nothing, as when a host or its network dies without a word (no FIN,
 * no RST). `restore()` forwards again, what was held first, as TCP retransmits it.
 */
export interface TcpProxy {
  /** The target URL with the proxy's host and port. */
  url: string;
  blackhole(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  let holding = false;
  const held: { to: Socket; chunk: Buffer }[] = [];
  const forward = (to: Socket, chunk: Buffer) => {
    if (holding) held.push({ to, chunk });
    else to.write(chunk);
  };
  const server: Server = createServer((inbound) => {
    const outbound = connect(Number(target.port || 5432), target.hostname);
    for (const socket of [inbound, outbound]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        sockets.delete(socket);
        inbound.destroy();
        outbound.destroy();
      });
    }
    inbound.on('data', (chunk) => forward(outbound, chunk));
    outbound.on('data', (chunk) => forward(inbound, chunk));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('the proxy has no address');
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(address.port);
  return {
    url: url.toString(),
    blackhole() {
      holding = true;
    },
    restore() {
      holding = false;
      for (const { to, chunk } of held.splice(0)) if (!to.destroyed) to.write(chunk);
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
