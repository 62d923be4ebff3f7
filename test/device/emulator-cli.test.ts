// `npm run emulator -- mcf|printer …` as a technician runs it: spawned, the printed address read, a real driver connected.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EMULATOR_USAGE, runEmulatorCli } from '../../device/cli/emulator';
import { createMcfClient } from '../../device/mcf/client';
import { createMcfDriver } from '../../device/mcf/driver';
import { createPrinterDriver } from '../../device/printer/driver';
import { openSerialTransport } from '../../device/transport/serial';
import { connectTcpTransport } from '../../device/transport/tcp';
import { hasSocat } from '../support/pty';

type Spawned = { child: ChildProcess; out: () => string; err: () => string; exited: Promise<{ code: number | null; signal: string | null }> };

const children: ChildProcess[] = [];
afterEach(() => {
  // Only the process groups these tests started, each by its own id.
  for (const c of children.splice(0)) {
    if (c.exitCode === null && c.signalCode === null && c.pid !== undefined) {
      try {
        process.kill(-c.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
});

function start(command: string, args: string[]): Spawned {
  const child = spawn(command, args, { cwd: process.cwd(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, out: () => out, err: () => err, exited };
}

const npxEmulator = (...args: string[]) => start('npx', ['tsx', 'device/cli/emulator.ts', ...args]);

async function waitFor(read: () => string, pattern: RegExp, ms = 30_000): Promise<RegExpExecArray> {
  const until = Date.now() + ms;
  for (;;) {
    const m = pattern.exec(read());
    if (m !== null) return m;
    if (Date.now() > until) throw new Error(`no ${String(pattern)} in output within ${ms} ms: ${read()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const isListening = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

describe('emulator CLI: usage', () => {
  it('exits 2 with the usage on stderr when no emulator is named', async () => {
    const s = npxEmulator();
    expect((await s.exited).code).toBe(2);
    expect(s.err()).toContain('usage: npm run emulator -- mcf|printer');
  });

  it('exits 2 naming an unknown emulator', async () => {
    const s = npxEmulator('scanner');
    expect((await s.exited).code).toBe(2);
    expect(s.err()).toContain('unknown emulator "scanner"');
  });

  it('exits 2 on a bad option of each emulator, with that emulator’s own usage', async () => {
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(`out ${l}`), err: (l: string) => lines.push(`err ${l}`) };
    expect(await runEmulatorCli(['printer', '--tcp', 'x'], io)).toBe(2);
    expect(await runEmulatorCli(['mcf', '--bogus'], io)).toBe(2);
    expect(lines.join('\n')).toMatch(/err --tcp needs a port number[\s\S]*printer \[--tcp PORT\]/);
    expect(lines.join('\n')).toMatch(/err unknown argument "--bogus"[\s\S]*usage: npm run emulator -- mcf/);
  });

  it('prints help on stdout and exits 0 for --help', async () => {
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(`ERR ${l}`) };
    expect(await runEmulatorCli(['--help'], io)).toBe(0);
    expect(await runEmulatorCli(['mcf', '--help'], io)).toBe(0);
    expect(lines[0]).toBe(EMULATOR_USAGE);
    expect(lines[1]).toContain('--state FILE');
    expect(lines.some((l) => l.startsWith('ERR'))).toBe(false);
  });
});

describe('emulator CLI: running', () => {
  it('printer --tcp 0 prints its address; a driver reads an online printer there; SIGTERM frees the port', async () => {
    const s = npxEmulator('printer', '--tcp', '0', '--quiet');
    const port = Number((await waitFor(s.out, /tcp:\/\/127\.0\.0\.1:(\d+)/))[1]);
    const driver = createPrinterDriver(await connectTcpTransport({ port }), { statusTimeoutMs: 2000 });
    const status = await driver.readStatus();
    expect(status).toMatchObject({ isOnline: true, isPaperOut: false, isCoverOpen: false });
    await driver.close();
    process.kill(-(s.child.pid as number), 'SIGTERM');
    await s.exited;
    expect(await isListening(port)).toBe(false);
  });

  it('printer --fault paper-out starts with the paper out', async () => {
    const s = npxEmulator('printer', '--tcp', '0', '--quiet', '--fault', 'paper-out');
    const port = Number((await waitFor(s.out, /tcp:\/\/127\.0\.0\.1:(\d+)/))[1]);
    const driver = createPrinterDriver(await connectTcpTransport({ port }), { statusTimeoutMs: 2000 });
    expect((await driver.readStatus()).isPaperOut).toBe(true);
    await driver.close();
  });

  it('mcf --tcp 0 prints its address; C1h there answers the emulated NIM', async () => {
    const s = npxEmulator('mcf', '--tcp', '0', '--quiet');
    const port = Number((await waitFor(s.out, /MCF emulator listening on tcp:\/\/127\.0\.0\.1:(\d+)/))[1]);
    const t = await connectTcpTransport({ port });
    const state = await createMcfClient(createMcfDriver(t)).state();
    expect(state.mid).toBe('EM01000001-1');
    expect(state.totalCount).toBe(0);
    await t.close();
  });

  it.skipIf(!hasSocat())('mcf --pty prints a serial path that answers C1h at 115200 8N1', async () => {
    const s = npxEmulator('mcf', '--pty', '--quiet');
    const path = (await waitFor(s.out, /serial port \(PTY, 115200 8N1\): (\/dev\/\S+)/))[1] as string;
    const t = await openSerialTransport({ path });
    expect((await createMcfClient(createMcfDriver(t)).state()).nif).toBe('A9000011T');
    await t.close();
  });

  it('exits 0 after SIGTERM when run by tsx directly (a clean stop, not a kill)', async () => {
    const s = start('node_modules/.bin/tsx', ['device/cli/emulator.ts', 'mcf', '--tcp', '0', '--quiet']);
    await waitFor(s.out, /listening on tcp:/);
    s.child.kill('SIGTERM');
    expect(await s.exited).toEqual({ code: 0, signal: null });
  });

  it('exits 1 (not 2) when the port is taken: a failure to start, not a usage error', async () => {
    const first = npxEmulator('printer', '--tcp', '0', '--quiet');
    const port = (await waitFor(first.out, /tcp:\/\/127\.0\.0\.1:(\d+)/))[1] as string;
    const second = npxEmulator('printer', '--tcp', port, '--quiet');
    expect((await second.exited).code).toBe(1);
    expect(second.err()).toMatch(/printer emulator could not run/);
  });
}, 120_000);


