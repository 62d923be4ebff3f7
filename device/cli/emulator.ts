// `npm run emulator -- mcf|printer [--tcp PORT] [--pty] …`: starts the emulated MCF or receipt printer; exit 2 on a usage error.
import { pathToFileURL } from 'node:url';
import { describeDeviceError, isDeviceError } from '../errors';

export const EMULATORS = ['mcf', 'printer'] as const;
export type EmulatorName = (typeof EMULATORS)[number];

export const EMULATOR_USAGE = `usage: npm run emulator -- mcf|printer [options]
  mcf       the DGI fiscal device (MCF): npm run emulator -- mcf [--tcp PORT] [--pty] [--state FILE] [--offline] [--quiet]
  printer   an ESC/POS receipt printer: npm run emulator -- printer [--tcp PORT] [--pty] [--fault F]… [--quiet]
  --tcp 0 picks a free port; the address or PTY path to open is printed on start.
  npm run emulator -- mcf --help (or printer --help) lists each one's options.`;

export type CliIo = { out: (line: string) => void; err: (line: string) => void };

type EmulatorModule = { check(args: readonly string[]): void; main(args: readonly string[]): Promise<void> };

/** Each emulator's own parser checks the arguments first, so a usage error is told apart from a failure to start. */
async function load(name: EmulatorName): Promise<EmulatorModule> {
  if (name === 'mcf') {
    const m = await import('./emulator-mcf');
    return { check: (a) => void m.parseMcfArgs(a), main: m.main };
  }
  const m = await import('./emulator-printer');
  return { check: (a) => void m.parseArgs(a), main: m.main };
}

const isHelp = (args: readonly string[]): boolean => args.includes('--help') || args.includes('-h');

const messageOf = (e: unknown): string => (isDeviceError(e) ? describeDeviceError(e) : e instanceof Error ? e.message : String(e));

/**
 * Runs the named emulator until SIGINT/SIGTERM and returns the exit code: 0 after a clean stop or for --help,
 * 2 for a usage error (no or unknown emulator, a bad option), 1 when it could not start (port taken, no socat).
 */
export async function runEmulatorCli(args: readonly string[], io: CliIo = { out: console.log, err: console.error }): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h') {
    (name === undefined ? io.err : io.out)(EMULATOR_USAGE);
    return name === undefined ? 2 : 0;
  }
  if (!(EMULATORS as readonly string[]).includes(name)) {
    io.err(`unknown emulator "${name}"\n${EMULATOR_USAGE}`);
    return 2;
  }
  const emulator = await load(name as EmulatorName);
  try {
    emulator.check(rest);
  } catch (e) {
    (isHelp(rest) ? io.out : io.err)(messageOf(e));
    return isHelp(rest) ? 0 : 2;
  }
  try {
    await emulator.main(rest);
    return 0;
  } catch (e) {
    io.err(`the ${name} emulator could not run: ${messageOf(e)}`);
    return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runEmulatorCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error(messageOf(e));
      process.exitCode = 1;
    },
  );
}
