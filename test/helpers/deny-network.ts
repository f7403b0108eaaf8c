// Preloaded with `node --require` by the offline test: every outbound connection or DNS lookup
// is refused and recorded in the file BULKHEAD_NETWORK_LOG names, so a test can prove none happened.

import dns from 'node:dns';
import { appendFileSync } from 'node:fs';
import net from 'node:net';

const log = process.env.BULKHEAD_NETWORK_LOG;

function refuse(what: string): never {
  if (log) appendFileSync(log, `${what}\n`);
  throw new Error(`network access refused in this test: ${what}`);
}

net.Socket.prototype.connect = function connect(...args: unknown[]) {
  return refuse(`connect ${JSON.stringify(args[0])}`);
} as typeof net.Socket.prototype.connect;
dns.lookup = ((hostname: string) => refuse(`dns.lookup ${hostname}`)) as unknown as typeof dns.lookup;
dns.resolve = ((hostname: string) => refuse(`dns.resolve ${hostname}`)) as unknown as typeof dns.resolve;
dns.promises.lookup = ((hostname: string) => refuse(`dns.promises.lookup ${hostname}`)) as typeof dns.promises.lookup;
