// The device manager: pairing and listing (registry), testing each role, and the MCF's readiness for the signer choice.
import type Database from 'better-sqlite3';
import { uploadWarning } from '../../../device/mcf/upload-warning';
import { connectPrinter } from '../../../device/printer/connect';
import type { DeviceInfo, DeviceTestResult, PairDeviceArgs } from '../../api/pos-types';
import type { Clock } from '../clock';
import { CoreError } from '../errors';
import { printerMerchant, testPageLayout } from '../printing/layouts';
import type { Receipts } from '../printing/receipts';
import type { SignerState } from '../signer-choice';
import { requireSettings } from '../store/settings';
import { describeLink } from './link';
import type { McfConnection } from './mcf-connection';
import { deviceById, linkFor, listDevices, noteDeviceHealth, pairDevice } from './registry';

export type DeviceManager = {
  list(): DeviceInfo[];
  pair(args: PairDeviceArgs): DeviceInfo;
  test(deviceId: string): Promise<DeviceTestResult>;
  /** For chooseSigner: is an MCF paired, and did it answer C1h lately (asked again after `readyTtlMs`). */
  probeMcf(): Promise<SignerState['device']>;
  /**
   * What a sealing attempt learnt about the MCF (the sealer's onHealth). Warnings (C2h: no upload to the DGI for over a
   * day, a daily report due…) do not stop sealing, but put the device at fault so the light says it in red.
   */
  noteMcf(isOk: boolean, detail: string, warnings?: string[]): void;
};

export type DeviceManagerOptions = {
  db: Database.Database;
  clock: Clock;
  mcf: McfConnection;
  receipts: Receipts;
  /** How long a good or bad answer of the MCF is trusted before asking again (default 10 s). */
  readyTtlMs?: number;
};

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function createDeviceManager(options: DeviceManagerOptions): DeviceManager {
  const { db, clock, mcf } = options;
  let mcfKnown: { ready: boolean; detail?: string; at: number; link: string } | null = null;

  const readMcf = async () =>
    mcf.use(async (client) => {
      const state = await client.state();
      const name = await client.taxpayerInfo('name');
      return { state, name };
    });

  const testMcf = async (d: DeviceInfo): Promise<DeviceTestResult> => {
    try {
      const { state, name } = await readMcf();
      noteDeviceHealth(db, 'mcf', true, 'C1h et 2Bh lus', clock.now());
      mcfKnown = { ready: true, at: clock.now().getTime(), link: mcf.describe() ?? '' };
      return {
        device_id: d.id, ok: true,
        message: `MCF ${state.mid} — NIF ${state.nif} — ${name} — TC ${state.totalCount} (ventes ${state.saleCount}, avoirs ${state.creditCount}).`,
        details: { nim: state.mid, nif: state.nif, taxpayer: name, tc: state.totalCount, device_time: state.now },
      };
    } catch (e) {
      await mcf.reset();
      noteDeviceHealth(db, 'mcf', false, messageOf(e), clock.now());
      mcfKnown = { ready: false, detail: messageOf(e), at: clock.now().getTime(), link: mcf.describe() ?? '' };
      return { device_id: d.id, ok: false, message: `Le MCF ne répond pas : ${messageOf(e)} Vérifiez le câble, le port et l'alimentation.` };
    }
  };

  return {
    list: () => listDevices(db),
    pair(args) {
      const d = pairDevice(db, args, clock.now());
      if (d.role === 'mcf') mcfKnown = null;
      return d;
    },
    async test(deviceId) {
      const d = deviceById(db, deviceId);
      if (d === null) throw new CoreError('device_not_paired', `Aucun périphérique jumelé n'a l'identifiant ${String(deviceId)}.`);
      if (d.role === 'mcf') return testMcf(d);
      if (d.role === 'printer') {
        const link = linkFor(db, 'printer');
        const report = await options.receipts.printLayout(testPageLayout(printerMerchant(requireSettings(db)), link === null ? d.path : describeLink(link), clock.now().toISOString()));
        return { device_id: d.id, ok: report.status === 'printed', message: report.status === 'printed' ? 'Page de test imprimée.' : report.message };
      }
      if (d.role === 'drawer') {
        const link = linkFor(db, 'drawer');
        if (link === null) return { device_id: d.id, ok: false, message: "Ce tiroir n'a pas de lien ouvrable (tcp ou série)." };
        try {
          const p = await connectPrinter(link.kind === 'tcp' ? { kind: 'tcp', host: link.host, port: link.port } : { kind: 'serial', path: link.path, baudRate: link.baudRate });
          await p.openDrawer().finally(() => p.close());
          noteDeviceHealth(db, 'drawer', true, 'ouvert', clock.now());
          return { device_id: d.id, ok: true, message: 'Impulsion envoyée : le tiroir doit s’ouvrir.' };
        } catch (e) {
          noteDeviceHealth(db, 'drawer', false, messageOf(e), clock.now());
          return { device_id: d.id, ok: false, message: `Tiroir : ${messageOf(e)}` };
        }
      }
      // A scanner types into the focused field like a keyboard: only a person scanning a code can test it.
      return { device_id: d.id, ok: true, message: 'Scanner jumelé : scannez un code-barres pour vérifier qu’il est lu.' };
    },
    noteMcf(isOk, detail, warnings = []) {
      mcfKnown = { ready: isOk, ...(isOk ? {} : { detail }), at: clock.now().getTime(), link: mcf.describe() ?? '' };
      noteDeviceHealth(db, 'mcf', isOk && warnings.length === 0, warnings.length > 0 ? warnings.join(' ') : detail, clock.now());
    },
    async probeMcf() {
      const described = mcf.describe();
      if (described === null) return { paired: false, ready: false };
      const now = clock.now().getTime();
      if (mcfKnown !== null && mcfKnown.link === described && now - mcfKnown.at < (options.readyTtlMs ?? 10_000)) {
        return { paired: true, ready: mcfKnown.ready, ...(mcfKnown.detail === undefined ? {} : { detail: mcfKnown.detail }) };
      }
      try {
        // C1h says it answers; C2h says when it last reached the DGI (the SFE must warn past a day).
        const upload = await mcf.use(async (client) => {
          await client.state();
          return uploadWarning(await client.uploadStatus(), clock.now());
        });
        mcfKnown = { ready: true, at: now, link: described };
        noteDeviceHealth(db, 'mcf', upload.level === 'ok', upload.level === 'ok' ? 'C1h, C2h' : upload.message, clock.now());
        return { paired: true, ready: true };
      } catch (e) {
        await mcf.reset();
        mcfKnown = { ready: false, detail: messageOf(e), at: now, link: described };
        noteDeviceHealth(db, 'mcf', false, messageOf(e), clock.now());
        return { paired: true, ready: false, detail: messageOf(e) };
      }
    },
  };
}
