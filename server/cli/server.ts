// `npm run server`: the cloud signing service alone. Prints its URL on stdout (logs go to stderr as JSON) and
// shuts down gracefully on SIGINT/SIGTERM: no new requests, in-flight seals answered, then the store is closed.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildApp } from '../app';
import { deliveryFromEnv } from './delivery-env';
import { openIntegrations } from './integrations';
import { openPkcs11Signer } from '../signer/pkcs11';
import type { Signer } from '../signer/signer';
import { openSoftwareSigner } from '../signer/software';
import { isPostgresUrl, openStore } from '../store/open';
import { DEMO_PASSPHRASE, parseServerOptions, USAGE, type SignerChoice } from './options';

/**
 * The credential issuer's key, kept in a file so that every start (and every process sharing the database) issues
 * with the same key: a software key file beside the seal key (the same passphrase), or `issuer-key.json` under
 * .data/server when the seal key is in a PKCS#11 token.
 */
async function openIssuer(choice: SignerChoice): Promise<Signer> {
  const file = choice.kind === 'software' ? join(dirname(choice.keyFile), 'issuer-key.json') : join('.data', 'server', 'issuer-key.json');
  const passphrase = choice.kind === 'software' ? choice.passphrase : process.env.STALELA_KEY_PASSPHRASE || DEMO_PASSPHRASE;
  mkdirSync(dirname(file), { recursive: true });
  return openSoftwareSigner(file, passphrase);
}

async function openSigner(choice: SignerChoice): Promise<Signer> {
  if (choice.kind === 'pkcs11') return openPkcs11Signer(choice);
  mkdirSync(dirname(choice.keyFile), { recursive: true });
  return openSoftwareSigner(choice.keyFile, choice.passphrase);
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2).filter((a) => a !== '--');
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const options = parseServerOptions(argv, process.env);
  if ('code' in options) {
    console.error(`${options.message}\n\n${USAGE}`);
    return 2;
  }
  if (!isPostgresUrl(options.db)) mkdirSync(dirname(options.db), { recursive: true });
  const store = await openStore(options.db);
  let signer: Signer;
  let issuer: Signer;
  try {
    signer = await openSigner(options.signer);
    issuer = await openIssuer(options.signer);
  } catch (err) {
    await store.close();
    throw err;
  }
  const secretFile = options.signer.kind === 'software' ? join(dirname(options.signer.keyFile), 'receipt-link.key') : join('.data', 'server', 'receipt-link.key');
  let delivery;
  try {
    delivery = deliveryFromEnv(process.env, { host: options.host, port: options.port }, secretFile);
  } catch (err) {
    await store.close();
    throw err;
  }
  const integrations = openIntegrations(store, options.db, process.env, (err) => console.error('integration error:', err));
  const app = await buildApp({
    store, signer, issuer, adminKey: options.adminKey, ownsResources: true,
    logger: { level: options.logLevel, stream: process.stderr },
    events: integrations.events, webhooks: integrations.webhooks, dgiSync: integrations.dgiSync, delivery,
  });
  app.addHook('onClose', async () => integrations.stop());
  integrations.start();
  if (!integrations.isUploading) app.log.warn('STALELA_EMCF_URL is not set: invoices are counted for the DGI but not uploaded.');
  if (options.signer.kind === 'software' && options.signer.isDemoPassphrase) {
    app.log.warn('STALELA_KEY_PASSPHRASE is not set: the signing key file uses the demo passphrase. Set it for any real use.');
  }
  if (delivery.smtp === undefined) app.log.warn('STALELA_SMTP_HOST is not set: receipts can be shared by WhatsApp link, not mailed.');
  if (!options.adminKey) app.log.warn('STALELA_ADMIN_KEY is not set: admin routes (POST /v1/merchants) cannot be called.');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      app.log.error({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    app.close().then(
      () => {
        app.log.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  const url = await app.listen({ port: options.port, host: options.host });
  const where = isPostgresUrl(options.db) ? 'postgresql' : `sqlite ${options.db}`;
  console.log(`Stalela cloud service listening at ${url} (store ${where}, signer ${signer.backend} kid ${signer.kid})`);
  return -1;
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    const e = err as { code?: string; message?: string };
    console.error(`Cannot start the service: ${e.code ? `[${e.code}] ` : ''}${e.message ?? String(err)}`);
    process.exit(1);
  },
);
