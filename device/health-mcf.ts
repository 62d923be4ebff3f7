// MCF health: C1h (NIM, NIF, counters, clock) and C2h (last upload to the DGI, the 24-hour warning) over the real driver.
import { createMcfClient } from './mcf/client';
import { createMcfDriver, type McfDriverOptions } from './mcf/driver';
import { activeFlags, type McfStatus, type McfStatusFlags } from './mcf/status';
import { uploadWarning } from './mcf/upload-warning';
import type { ByteTransport } from './transport/byte-transport';
import type { HealthState, McfHealth } from './health-types';

export type McfReading = { mcf: McfHealth; state: HealthState; summary: string; warnings: string[] };

/** The annex's status flags in the technician's words (device/mcf/status has them in English for logs). */
const FLAG_SENTENCES_FR: Readonly<Record<keyof McfStatusFlags, string>> = {
  syntaxError: 'Le MCF a vu une erreur de syntaxe dans la dernière commande.',
  invalidCommand: 'Le MCF n’accepte pas cette commande.',
  clockNotSet: 'L’horloge du MCF n’est pas réglée : faites-la régler par le fournisseur.',
  dailyReportOverflow: 'Un total a débordé dans le dernier rapport journalier.',
  commandForbidden: 'Commande refusée dans le mode actuel du MCF.',
  memoryReset: 'Le MCF signale une remise à zéro de sa mémoire.',
  dailyReportDue: 'Le MCF demande son rapport journalier (clôture Z).',
  invoiceOpen: 'Une facture est ouverte sur le MCF.',
  memoryWriteError: 'Le MCF n’a pas pu écrire dans sa mémoire fiscale.',
  invalidRecord: 'Le MCF a trouvé un enregistrement invalide dans sa mémoire.',
  memoryLow: 'La mémoire du MCF a de la place pour moins de 50 factures.',
  memoryFull: 'La mémoire du MCF est pleine : aucune facture ne peut être scellée avant son entretien.',
};

/** Flags that stop sealing (red) and flags to act on soon (yellow); the others are informative. */
const BLOCKING: readonly (keyof McfStatus)[] = ['memoryFull', 'memoryWriteError', 'invalidRecord'];
const WARNING: readonly (keyof McfStatus)[] = ['dailyReportDue', 'memoryLow', 'clockNotSet', 'memoryReset', 'dailyReportOverflow'];

export async function readMcfHealth(transport: ByteTransport, now: Date, driverOptions: McfDriverOptions = {}): Promise<McfReading> {
  const driver = createMcfDriver(transport, { timeoutMs: 800, maxAttempts: 3, maxBusyMs: 5000, ...driverOptions });
  try {
    const client = createMcfClient(driver);
    const state = await client.state();
    const upload = await client.uploadStatus();
    const status = client.lastStatus;
    const warning = uploadWarning(upload, now);
    const flags = status === null ? [] : activeFlags(status);
    const sentences = flags.map((f) => FLAG_SENTENCES_FR[f]);
    const mcf: McfHealth = {
      nim: state.mid,
      nif: state.nif,
      totalCount: state.totalCount,
      saleCount: state.saleCount,
      creditCount: state.creditCount,
      deviceTime: state.now,
      lastInvoice: state.last === null ? null : { number: state.last.number, type: state.last.type, timestamp: state.last.timestamp },
      upload: {
        lastSuccess: warning.lastSuccess, ageMs: warning.ageMs, pending: warning.pending, connection: upload.connection,
        isOverdue: warning.level === 'warn', message: warning.message,
      },
      flags,
      flagSentences: sentences,
    };
    const isBlocked = status !== null && BLOCKING.some((f) => status[f] === true);
    const hasFlagWarning = status !== null && WARNING.some((f) => status[f] === true);
    const warnings = [
      ...(mcf.upload.isOverdue ? [warning.message] : []),
      ...flags.filter((f) => WARNING.includes(f)).map((f) => FLAG_SENTENCES_FR[f]),
    ];
    const stateOf: HealthState = isBlocked ? 'error' : mcf.upload.isOverdue || hasFlagWarning ? 'warn' : 'ok';
    return { mcf, state: stateOf, summary: `MCF ${mcf.nim} — TC ${mcf.totalCount} — ${warning.message}`, warnings };
  } finally {
    driver.detach();
  }
}
