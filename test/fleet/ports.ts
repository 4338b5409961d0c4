/**
 * Ports for test platforms that are switched off and on again. A port from the kernel's ephemeral
 * range is unsafe for that: once the listener closes, an outgoing connection (a probe's own) may
 * be given the same number, so the platform cannot listen again, and on loopback a probe of the
 * closed port can even connect to itself (TCP simultaneous open) and see the platform "up". So
 * these ports are taken below the ephemeral range, from a random start so that fleets in parallel
 * test processes rarely meet.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';

const LOWEST = 10_000;

/** The kernel's ephemeral range (Linux); elsewhere the IANA default. */
export function ephemeralRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low && high) return [low, high];
  } catch {
    // not Linux
  }
  return [49_152, 65_535];
}

/**
 * A first port to try for `count` consecutive-ish ports below the ephemeral range, or 0 (let the
 * kernel choose) when the range below is too small.
 */
export function stablePortStart(count: number): number {
  const [low] = ephemeralRange();
  const room = low - LOWEST - count * 2;
  if (room < 1_000) return 0;
  return LOWEST + Math.floor(Math.random() * room);
}

/** Listens `server` on the first free port from `from` upward (or an ephemeral one when `from` is 0). */
export function listenFrom(server: Server, host: string, from: number, attempts = 2_000): Promise<number> {
  return new Promise((resolve, reject) => {
    let port = from;
    let left = attempts;
    const tryPort = () => {
      const onError = (error: NodeJS.ErrnoException) => {
        server.off('listening', onListening);
        if ((error.code === 'EADDRINUSE' || error.code === 'EACCES') && from !== 0 && --left > 0 && port < 65_535) {
          port++;
          tryPort();
        } else reject(error);
      };
      const onListening = () => {
        server.off('error', onError);
        resolve((server.address() as { port: number }).port);
      };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen({ port, host, exclusive: true });
    };
    tryPort();
  });
}

/** A free port below the ephemeral range, released again at once (for servers we do not own, such as nginx). */
export async function stableFreePort(host = '127.0.0.1'): Promise<number> {
  const server = createServer();
  const port = await listenFrom(server, host, stablePortStart(1));
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
