// The Electron shell's entry: thin on purpose; main/shell/desktop.ts wires the core (plain Node) to one hardened window.
import { app } from 'electron';
import { startDesktop } from './desktop';

startDesktop().catch((e: unknown) => {
  console.error(`Stalela POS ne peut pas démarrer : ${e instanceof Error ? e.message : String(e)}`);
  app.exit(1);
});
