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
  // What a silent link holds back: data, and the closing of either side (FIN or RST).
  const held: (() => void)[] = [];
  const pass = (deliver: () => void) => {
    if (holding) held.push(deliver);
    else deliver();
  };
  const server: Server = createServer({ allowHalfOpen: true }, (inbound) => {
    const outbound = connect({
      port: Number(target.port || 5432),
      host: target.hostname,
      allowHalfOpen: true,
    });
    const link = (from: Socket, to: Socket) => {
      sockets.add(from);
      from.on('error', () => {});
      from.on('data', (chunk) => pass(() => to.write(chunk)));
      from.on('end', () => pass(() => to.end()));
      from.on('close', (hadError) => {
        sockets.delete(from);
        // A reset is passed on as one; an orderly close already passed on its FIN.
        if (hadError) pass(() => to.destroy());
      });
    };
    link(inbound, outbound);
    link(outbound, inbound);
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
      for (const deliver of held.splice(0)) deliver();
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
