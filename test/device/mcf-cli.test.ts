// `npm run emulator -- mcf …`: argument parsing, the printed addresses, and a device that answers where it says.
import { describe, it, expect, afterEach } from 'vitest';
import { connectTcpTransport } from '../../device/transport/tcp';
import { openSerialTransport } from '../../device/transport/serial';
import { createMcfDriver } from '../../device/mcf/driver';
import { createMcfClient } from '../../device/mcf/client';
import { DEFAULT_MCF_TCP_PORT, faultFromLine, parseMcfArgs, startMcfEmulator, type RunningMcfEmulator } from '../../device/cli/emulator-mcf';
import { hasSocat } from '../support/pty';

let running: RunningMcfEmulator | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('MCF emulator CLI', () => {
  it('parses mcf --tcp PORT --pty --state FILE --offline --quiet', () => {
    expect(parseMcfArgs(['mcf', '--tcp', '7100', '--pty', '--state', 'x.json', '--offline', '--quiet']))
      .toEqual({ tcpPort: 7100, pty: true, statePath: 'x.json', online: false, quiet: true });
  });
  it('listens on TCP port 7070 when nothing is asked', () => {
    expect(parseMcfArgs(['mcf']).tcpPort).toBe(DEFAULT_MCF_TCP_PORT);
    expect(parseMcfArgs(['--pty']).tcpPort).toBeNull();
  });
  it('refuses an unknown argument with the usage', () => {
    expect(() => parseMcfArgs(['--frobnicate'])).toThrow(/usage: npm run emulator -- mcf/);
  });
  it('maps console lines to faults', () => {
    expect(faultFromLine('slow 1200')).toEqual({ kind: 'slow', delayMs: 1200 });
    expect(faultFromLine('pending 3')).toEqual({ kind: 'pending', rounds: 3 });
    expect(faultFromLine('offline')).toBe('offline');
    expect(faultFromLine('bogus')).toBeNull();
  });
  it('prints the TCP address it listens on, and a device answers C1h there', async () => {
    const lines: string[] = [];
    running = await startMcfEmulator({ ...parseMcfArgs(['mcf', '--tcp', '0', '--quiet']) }, (l) => lines.push(l));
    const port = Number(/tcp:\/\/127\.0\.0\.1:(\d+)/.exec(lines.join('\n'))?.[1]);
    expect(port).toBe(running.tcp?.port);
    const t = await connectTcpTransport({ port });
    const state = await createMcfClient(createMcfDriver(t)).state();
    await t.close();
    expect(state).toMatchObject({ mid: 'EM01000001-1', nif: 'A9000011T', totalCount: 0 });
  });
  it.skipIf(!hasSocat())('prints the PTY path an SFE opens, and the device answers there through serialport', async () => {
    const lines: string[] = [];
    running = await startMcfEmulator(parseMcfArgs(['mcf', '--pty', '--quiet']), (l) => lines.push(l));
    const path = /\(PTY, 115200 8N1\): (\S+)/.exec(lines.join('\n'))?.[1] ?? '';
    expect(path).toBe(running.pty?.sfePath);
    const t = await openSerialTransport({ path });
    const upload = await createMcfClient(createMcfDriver(t)).uploadStatus();
    await t.close();
    expect(upload.connection).toBe('CON');
  });
});
