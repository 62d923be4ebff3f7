// The network printer probe against the printer emulator on 127.0.0.1: found with its status, or not found with a clear reason.
import { execFileSync, spawn } from 'node:child_process';
import { connect, createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverDevices } from '../../device/discovery/discover';
import { expandTarget, expandTargets, MAX_HOSTS_PER_TARGET } from '../../device/discovery/hosts';
import { probeHosts, probeNetworkPrinter } from '../../device/discovery/network-probe';
import { createPrinterEmulator, type PrinterEmulator } from '../../device/emulator/printer';

const cleanups: (() => Promise<void>)[] = [];
const hasPython = (): boolean => {
  try {
    execFileSync('python3', ['-c', 'pass'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function printerOnTcp(): Promise<{ emulator: PrinterEmulator; port: number }> {
  const emulator = createPrinterEmulator();
  const { port } = await emulator.listenTcp(0);
  cleanups.push(() => emulator.close());
  return { emulator, port };
}

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function serve(onConnection: (socket: import('node:net').Socket) => void): Promise<number> {
  const server: Server = createServer(onConnection);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  cleanups.push(() => new Promise((r) => server.close(() => r())));
  return (server.address() as { port: number }).port;
}

describe('probeNetworkPrinter', () => {
  it('finds the emulated printer: connected, DLE EOT 1 answered, online, drawer closed', async () => {
    const { emulator, port } = await printerOnTcp();
    const p = await probeNetworkPrinter({ host: '127.0.0.1', port });
    expect(p).toMatchObject({ found: true, answersStatus: true, problem: null, status: { byte: 0x12, isOnline: true, isDrawerOpen: false } });
    expect(p.latencyMs).toBeLessThan(1000);
    expect(emulator.statusRequestCount()).toBe(1);
  });

  it('reads an offline printer (paper out stops it) from the same single byte', async () => {
    const { emulator, port } = await printerOnTcp();
    emulator.setFault('paper-out');
    const p = await probeNetworkPrinter({ host: '127.0.0.1', port });
    expect(p.status).toMatchObject({ isOnline: false });
  });

  it('reports a closed port as not found: NETWORK_REFUSED, in French and English, naming host:port', async () => {
    const port = await closedPort();
    const p = await probeNetworkPrinter({ host: '127.0.0.1', port });
    expect(p).toMatchObject({ found: false, answersStatus: false, status: null });
    expect(p.problem).toMatchObject({ code: 'NETWORK_REFUSED', source: 'network', subject: `127.0.0.1:${port}` });
    expect(p.problem?.message.fr).toContain(`Rien n’écoute sur 127.0.0.1:${port}`);
    expect(p.problem?.message.en).toContain(`Nothing listens on 127.0.0.1:${port}`);
    expect(p.problem?.hint.fr).toMatch(/9100/);
  });

  it('reports a printer that accepts but never answers (emulator fault "silent") as found without status', async () => {
    const { emulator, port } = await printerOnTcp();
    emulator.setFault('silent');
    const p = await probeNetworkPrinter({ host: '127.0.0.1', port, statusTimeoutMs: 200 });
    expect(p).toMatchObject({ found: true, answersStatus: false });
    expect(p.problem?.code).toBe('NETWORK_NO_STATUS');
  });

  it('does not take a web server for a printer, although "HTTP/1.1 400 … 2026" holds bytes shaped like status bytes', async () => {
    const port = await serve((socket) => {
      socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\ndate: Wed, 25 Nov 2026 20:26:06 GMT\r\n\r\n'));
    });
    const p = await probeNetworkPrinter({ host: '127.0.0.1', port });
    expect(p).toMatchObject({ found: true, answersStatus: false });
    expect(p.problem?.code).toBe('NETWORK_NO_STATUS');
    expect(p.problem?.detail).toContain('HTTP/1.1 400');
  });

  it('refuses an address that is not one, without touching the network', async () => {
    const p = await probeNetworkPrinter({ host: 'not an address!' });
    expect(p.problem?.code).toBe('NETWORK_BAD_ADDRESS');
    expect(p.latencyMs).toBe(0);
  });

  it.skipIf(!hasPython())('times out a host that never completes the TCP handshake (a listener whose accept queue is full)', async () => {
    // A socket listening with backlog 0 that never accepts: once one connection waits in its queue, Linux drops
    // further SYNs, so the next connect hangs as it would towards a switched-off printer behind a router.
    const child = spawn('python3', ['-c', 'import socket,time\ns=socket.socket();s.bind(("127.0.0.1",0));s.listen(0)\nprint(s.getsockname()[1],flush=True)\ntime.sleep(60)'], { stdio: ['ignore', 'pipe', 'ignore'] });
    cleanups.push(async () => void child.kill('SIGKILL'));
    const port = Number(await new Promise<string>((resolve) => child.stdout?.once('data', (b: Buffer) => resolve(b.toString().trim()))));
    const filler = connect({ host: '127.0.0.1', port });
    cleanups.push(async () => void filler.destroy());
    await new Promise((r) => filler.once('connect', r));
    const p = await probeNetworkPrinter({ host: '127.0.0.1', port, connectTimeoutMs: 300 });
    expect(p).toMatchObject({ found: false, answersStatus: false });
    expect(p.problem?.code).toBe('NETWORK_TIMEOUT');
    expect(p.problem?.hint.fr).toMatch(/câble réseau ou le Wi-Fi/);
    expect(p.latencyMs).toBeGreaterThanOrEqual(290);
  });

  it('probes many hosts with a bound on parallel connections and keeps their order', async () => {
    const { port } = await printerOnTcp();
    const done: number[] = [];
    const results = await probeHosts(['127.0.0.2', '127.0.0.1', 'bad host'], { port, concurrency: 2, onResult: (_p, n) => done.push(n) });
    expect(results.map((r) => r.answersStatus)).toEqual([false, true, false]);
    expect(results[2]?.problem?.code).toBe('NETWORK_BAD_ADDRESS');
    expect(done).toEqual([1, 2, 3]);
  });
});

describe('targets the technician types', () => {
  it('expands a /24 to its 254 hosts, without network and broadcast', () => {
    const e = expandTarget('192.168.1.77/24');
    expect('hosts' in e && [e.hosts.length, e.hosts[0], e.hosts.at(-1)]).toEqual([254, '192.168.1.1', '192.168.1.254']);
  });

  it('expands a range a.b.c.x-y and keeps a host name as it is', () => {
    expect(expandTarget('10.0.0.20-22')).toMatchObject({ hosts: ['10.0.0.20', '10.0.0.21', '10.0.0.22'], isRange: true });
    expect(expandTarget('imprimante-caisse.local')).toMatchObject({ hosts: ['imprimante-caisse.local'], isRange: false });
  });

  it(`refuses a network larger than ${MAX_HOSTS_PER_TARGET} hosts and a malformed target with NETWORK_BAD_ADDRESS`, () => {
    expect(expandTarget('10.0.0.0/16')).toMatchObject({ problem: { code: 'NETWORK_BAD_ADDRESS' } });
    expect(expandTarget('192.168.1.300')).toMatchObject({ problem: { code: 'NETWORK_BAD_ADDRESS' } });
    expect(expandTarget('10.0.0.9-3')).toMatchObject({ problem: { code: 'NETWORK_BAD_ADDRESS' } });
  });

  it('splits on commas and spaces and drops duplicates', () => {
    const e = expandTargets(['127.0.0.1, 127.0.0.1-2', 'x..y']);
    expect(e.hosts).toEqual(['127.0.0.1', '127.0.0.2']);
    expect([...e.namedHosts]).toEqual(['127.0.0.1']);
    expect(e.problems.map((p) => p.subject)).toEqual(['x..y']);
  });
});

describe('discoverDevices with a network search', () => {
  it('lists the emulated printer, says why a typed host is not one, and only counts the silent hosts of a range', async () => {
    const { port } = await printerOnTcp();
    const report = await discoverDevices({ sources: ['network'], network: { targets: ['127.0.0.1', '127.0.0.5', '127.0.0.2-4'], port, connectTimeoutMs: 500 } });
    const net = report.sources.network;
    expect(net.status).toBe('ok');
    expect(net.devices.map((d) => d.id)).toEqual([`tcp:127.0.0.1:${port}`]);
    expect(net.devices[0]).toMatchObject({ roles: ['printer'], confidence: 'likely', address: { kind: 'tcp', host: '127.0.0.1', port } });
    expect(net.devices[0]?.label).toContain('en ligne');
    expect(net.misses.map((m) => [m.target, m.problem.code])).toEqual([[`127.0.0.5:${port}`, 'NETWORK_REFUSED']]);
    expect(net.missesOmitted).toBe(3);
  });

  it('fails the network source, with the reason, when no typed target is an address', async () => {
    const report = await discoverDevices({ sources: ['network'], network: { targets: ['192.168.1.300, x..y'] } });
    expect(report.sources.network.status).toBe('failed');
    expect(report.sources.network.problem?.code).toBe('NETWORK_BAD_ADDRESS');
  });
});
