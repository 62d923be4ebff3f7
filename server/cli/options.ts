// Command-line options of `npm run server`, parsed and checked apart from starting anything (so they can be tested).
import { parseArgs } from 'node:util';

export type SignerChoice =
  | { kind: 'software'; keyFile: string; passphrase: string; isDemoPassphrase: boolean }
  | { kind: 'pkcs11'; module: string; tokenLabel: string; pin: string; keyLabel: string };

export type ServerOptions = {
  port: number;
  host: string;
  db: string;
  signer: SignerChoice;
  logLevel: string;
  adminKey: string | null;
};

export type CliError = { code: 'cli.bad_option'; message: string };

/** Printed by --help and with every refused option. */
export const USAGE = `Usage: npm run server -- [options]
  --port N                 TCP port (default 8787; 0 picks a free one)
  --host H                 interface to listen on (default 127.0.0.1)
  --db PATH|URL            SQLite file (default .data/server/stalela.sqlite) or postgres:// URL
  --signer software|pkcs11 sealing key holder (default software)
  --key-file PATH          software key file (default next to the SQLite file, or .data/server/signing-key.json)
  --pkcs11-module PATH     PKCS#11 module (default /usr/lib/softhsm/libsofthsm2.so)
  --pkcs11-token LABEL     token label (required with --signer pkcs11)
  --pkcs11-key-label L     key pair label on the token (default stalela-seal)
  --log-level LEVEL        pino level: fatal, error, warn, info, debug (default info)
Environment: STALELA_ADMIN_KEY (admin API key), STALELA_KEY_PASSPHRASE (software key file),
             STALELA_PKCS11_PIN (token user PIN).`;

/** The passphrase used when STALELA_KEY_PASSPHRASE is unset: fine for the demo, said loudly at start. */
export const DEMO_PASSPHRASE = 'stalela-demo-passphrase';

export function parseServerOptions(argv: readonly string[], env: NodeJS.ProcessEnv): ServerOptions | CliError {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' }, host: { type: 'string' }, db: { type: 'string' }, signer: { type: 'string' },
        'key-file': { type: 'string' }, 'pkcs11-module': { type: 'string' }, 'pkcs11-token': { type: 'string' },
        'pkcs11-key-label': { type: 'string' }, 'log-level': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return { code: 'cli.bad_option', message: (err as Error).message };
  }
  const port = Number(values.port ?? '8787');
  if (!Number.isInteger(port) || port < 0 || port > 65535) return { code: 'cli.bad_option', message: `--port ${values.port} is not a TCP port.` };
  const db = values.db ?? '.data/server/stalela.sqlite';
  const isPostgres = /^postgres(ql)?:\/\//i.test(db);
  const kind = values.signer ?? 'software';
  let signer: SignerChoice;
  if (kind === 'software') {
    const keyFile = values['key-file'] ?? (isPostgres ? '.data/server/signing-key.json' : db.replace(/[^/]*$/, 'signing-key.json'));
    const passphrase = env.STALELA_KEY_PASSPHRASE;
    signer = { kind, keyFile, passphrase: passphrase || DEMO_PASSPHRASE, isDemoPassphrase: !passphrase };
  } else if (kind === 'pkcs11') {
    const tokenLabel = values['pkcs11-token'];
    if (!tokenLabel) return { code: 'cli.bad_option', message: '--signer pkcs11 needs --pkcs11-token LABEL.' };
    const pin = env.STALELA_PKCS11_PIN;
    if (!pin) return { code: 'cli.bad_option', message: '--signer pkcs11 needs the token PIN in STALELA_PKCS11_PIN.' };
    signer = {
      kind, tokenLabel, pin, module: values['pkcs11-module'] ?? '/usr/lib/softhsm/libsofthsm2.so',
      keyLabel: values['pkcs11-key-label'] ?? 'stalela-seal',
    };
  } else {
    return { code: 'cli.bad_option', message: `--signer ${kind} is not software or pkcs11.` };
  }
  return {
    port, db, signer,
    host: values.host ?? '127.0.0.1',
    logLevel: values['log-level'] ?? 'info',
    adminKey: env.STALELA_ADMIN_KEY || null,
  };
}
