// `npm start`: the whole demo on one machine — cloud service, MCF and printer emulators, the demo shop, and the app (desktop or browser).
import type { ChildProcess } from 'node:child_process';
import { resolve, join } from 'node:path';
import { createMcfEmulator, listenMcfTcp } from '../../device/emulator/mcf-emulator';
import { createPrinterEmulator } from '../../device/emulator/printer';
import { startTill, type RunningTill } from '../bridge/start-till';
import { tillDatabasePath } from '../core/data-dir';
import { pairDevice } from '../core/devices/registry';
import { openStore } from '../core/store/open-store';
import { startDemoCloud } from './cloud';
import { DEMO_PEOPLE, setUpDemoShop } from './shop';
import { electronRuntime, ensureUiBuilt, launchDesktop } from './ui';

const log = (s = ''): void => console.log(s);
const root = process.cwd();
const dataDir = resolve(process.env.STALELA_DATA_DIR?.trim() || join('.data', 'demo'));
const tillDir = join(dataDir, 'till');
const closers: (() => Promise<unknown>)[] = [];

let isStopping = false;
async function stop(code: number): Promise<never> {
  if (isStopping) process.exit(1);
  isStopping = true;
  log('\nArrêt de la démo… / Stopping the demo…');
  // In reverse order of start: the till (and its sync agent) before the cloud it talks to.
  for (const close of closers.reverse()) await close().catch((e: unknown) => console.error(`  ${e instanceof Error ? e.message : String(e)}`));
  log('Tout est arrêté. / Everything stopped.');
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

async function main(): Promise<void> {
  log('Stalela POS — démo complète / full demo');
  log(`Données / data: ${dataDir}  (STALELA_DATA_DIR)`);

  const cloud = await startDemoCloud(join(dataDir, 'cloud'));
  closers.push(() => cloud.close());
  log(`Service cloud / cloud service: ${cloud.url}  (SQLite, clé logicielle ; NIM ${cloud.tenant.authority_id})`);

  const mcfEmulator = createMcfEmulator({ statePath: join(dataDir, 'mcf-state.json') });
  const mcf = await listenMcfTcp(mcfEmulator, { port: 0 });
  closers.push(async () => {
    mcfEmulator.close();
    await mcf.close();
  });
  const printer = createPrinterEmulator();
  const printerAt = await printer.listenTcp(0);
  closers.push(() => printer.close());
  printer.onJob((job) => log(`  [imprimante] ${job.lines.length} lignes${job.qrCodes.length > 0 ? `, QR ${job.qrCodes[0]?.payload}` : ''}${job.drawerKicks.length > 0 ? ', tiroir ouvert' : ''}`));
  log(`Imprimante émulée / emulated printer: tcp 127.0.0.1:${printerAt.port} (jumelée / paired)`);
  log(`MCF émulé / emulated MCF: tcp 127.0.0.1:${mcf.port} — ${mcfEmulator.durable.mid}, non jumelé : le cloud signe. Pour signer par le MCF,`);
  log(`  jumelez-le (Appareils, technicien) : transport tcp, adresse 127.0.0.1:${mcf.port}.`);

  const ui = await ensureUiBuilt(root, log);
  if (!ui.ok) log(`L'interface n'a pas pu être construite (${ui.reason}) : l'API de la caisse fonctionne quand même.`);
  const runtime = electronRuntime();
  let till: RunningTill | null = null;
  let desktop: ChildProcess | null = null;

  if ('path' in runtime && ui.ok) {
    // The desktop app opens the till itself: set the shop up first, then hand the data directory over.
    const store = openStore(tillDatabasePath(tillDir));
    const shop = await setUpDemoShop(store.db, cloud.url, cloud.tenant);
    pairDevice(store.db, { role: 'printer', transport: 'tcp', path: `127.0.0.1:${printerAt.port}` }, new Date());
    store.close();
    log(`Boutique / shop: ${shop.products} produits`);
    desktop = launchDesktop(runtime.path, root, tillDir);
    closers.push(async () => {
      desktop?.kill('SIGTERM');
    });
    desktop.once('exit', () => void stop(0));
    log("Application de bureau lancée (Electron). / Desktop app started.");
  } else {
    till = await startTill({ env: { ...process.env, STALELA_DATA_DIR: tillDir }, port: Number(process.env.STALELA_DEMO_PORT ?? 0), staticDir: join(root, 'out', 'renderer') });
    const running = till;
    closers.push(() => running.close());
    const shop = await setUpDemoShop(till.store.db, cloud.url, cloud.tenant);
    pairDevice(till.store.db, { role: 'printer', transport: 'tcp', path: `127.0.0.1:${printerAt.port}` }, new Date());
    till.core.agent.kick();
    log(`Boutique / shop: ${shop.products} produits`);
    log(till.core.extension === null
      ? 'Signature déléguée désactivée (STALELA_DELEGATED=off) : hors ligne, les ventes attendent. / Delegated signing off.'
      : 'Signature déléguée active : la caisse prend un bloc de numéros du cloud et signe elle-même si le réseau tombe. / Delegated offline signing on.');
    log('');
    log(`Le runtime Electron est indisponible ici (${'reason' in runtime ? runtime.reason : "pas d'interface construite"}) :`);
    log("la même interface tourne dans votre navigateur. / No Electron runtime here: the same UI runs in your browser.");
    log(`Interface : ${till.uiUrl}`);
  }
  log('');
  log('Connexion / log in:');
  for (const p of DEMO_PEOPLE) log(`  ${p.name.padEnd(10)} PIN ${p.pin}  — ${p.what}`);
  log('');
  log('Ctrl-C arrête tout. / Ctrl-C stops everything.');
}

main().catch((e: unknown) => {
  console.error(`La démo n'a pas pu démarrer : ${e instanceof Error ? e.message : String(e)}`);
  void stop(1);
});
