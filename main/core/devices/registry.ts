// Paired devices in the till's database: one per role, its link, and the health the last contact showed.
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { DeviceInfo, DeviceRole, DeviceTransport, PairDeviceArgs } from '../../api/pos-types';
import { CoreError } from '../errors';
import { describeLink, parseLink, type DeviceLink } from './link';

type DeviceRow = {
  id: string; role: DeviceRole; transport: DeviceTransport; path: string; label: string; options: string;
  status: DeviceInfo['status']; last_seen_at: string | null; last_error: string | null;
};

const ROLES: readonly DeviceRole[] = ['printer', 'mcf', 'scanner', 'drawer'];
const TRANSPORTS: readonly DeviceTransport[] = ['serial', 'usb', 'hid', 'tcp', 'memory'];
const ROLE_NAMES: Record<DeviceRole, string> = { printer: 'Imprimante', mcf: 'MCF', scanner: 'Scanner', drawer: 'Tiroir-caisse' };

const toInfo = (r: DeviceRow): DeviceInfo => ({
  id: r.id, role: r.role, transport: r.transport, path: r.path, label: r.label, status: r.status, last_seen_at: r.last_seen_at, last_error: r.last_error,
});

export function listDevices(db: Database.Database): DeviceInfo[] {
  return (db.prepare("SELECT * FROM devices ORDER BY CASE role WHEN 'mcf' THEN 0 WHEN 'printer' THEN 1 WHEN 'drawer' THEN 2 ELSE 3 END").all() as DeviceRow[]).map(toInfo);
}

export function deviceById(db: Database.Database, id: string): DeviceInfo | null {
  const r = db.prepare('SELECT * FROM devices WHERE id = ?').get(typeof id === 'string' ? id : '') as DeviceRow | undefined;
  return r === undefined ? null : toInfo(r);
}

/** The device paired for a role, with its options. */
export function deviceFor(db: Database.Database, role: DeviceRole): (DeviceInfo & { options: Record<string, string | number> }) | null {
  const r = db.prepare('SELECT * FROM devices WHERE role = ?').get(role) as DeviceRow | undefined;
  return r === undefined ? null : { ...toInfo(r), options: JSON.parse(r.options) as Record<string, string | number> };
}

/** The link of the device paired for a role (null when none, or when it is not a printer/MCF-style link). */
export function linkFor(db: Database.Database, role: DeviceRole): DeviceLink | null {
  const d = deviceFor(db, role);
  if (d === null || (d.transport !== 'tcp' && d.transport !== 'serial' && d.transport !== 'usb')) return null;
  return parseLink(d.transport, d.path, d.options);
}

/**
 * Pairs a device for its role, replacing the one paired before (one printer, one MCF… per till). Printers, MCFs
 * and drawers need a link the till can open (tcp host:port, serial or usb-COM path); a scanner is a keyboard
 * (HID) or serial device the UI reads, so its path is kept as given.
 */
export function pairDevice(db: Database.Database, args: PairDeviceArgs, now: Date): DeviceInfo {
  const a = args as Partial<PairDeviceArgs> | null;
  if (typeof a !== 'object' || a === null) throw new CoreError('invalid_argument', 'pairDevice takes {role, transport, path, options?}.');
  if (!ROLES.includes(a.role as DeviceRole)) throw new CoreError('invalid_argument', `Rôle inconnu « ${String(a.role)} » : printer, mcf, scanner ou drawer.`);
  if (!TRANSPORTS.includes(a.transport as DeviceTransport)) throw new CoreError('invalid_argument', `Transport inconnu « ${String(a.transport)} ».`);
  const options = a.options ?? {};
  if (typeof options !== 'object' || options === null || Array.isArray(options) || Object.values(options).some((v) => typeof v !== 'string' && typeof v !== 'number')) {
    throw new CoreError('invalid_argument', 'options must map names to strings or numbers.');
  }
  const role = a.role as DeviceRole;
  const transport = a.transport as DeviceTransport;
  const path = typeof a.path === 'string' ? a.path.trim() : '';
  let label: string;
  if (role === 'scanner') {
    if (path === '' || path.length > 255) throw new CoreError('invalid_argument', "L'adresse du scanner est vide ou trop longue.");
    label = `${ROLE_NAMES[role]} (${transport} ${path})`;
  } else {
    label = `${ROLE_NAMES[role]} (${describeLink(parseLink(transport, path, options))})`;
  }
  if (options['paper'] !== undefined && options['paper'] !== '58mm' && options['paper'] !== '80mm') {
    throw new CoreError('invalid_argument', 'paper must be "58mm" or "80mm".');
  }
  const id = randomUUID();
  db.transaction(() => {
    db.prepare('DELETE FROM devices WHERE role = ?').run(role);
    db.prepare('INSERT INTO devices(id, role, transport, path, label, options, paired_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, role, transport, path, label, JSON.stringify(options), now.toISOString());
  }).immediate();
  return deviceById(db, id)!;
}

export function unpairDevice(db: Database.Database, role: DeviceRole): boolean {
  return db.prepare('DELETE FROM devices WHERE role = ?').run(role).changes === 1;
}

/** Records what the last contact showed; written only when something changed or a minute passed (sales stay cheap). */
export function noteDeviceHealth(db: Database.Database, role: DeviceRole, isOk: boolean, detail: string, now: Date): void {
  const r = db.prepare('SELECT status, last_seen_at, last_error FROM devices WHERE role = ?').get(role) as Pick<DeviceRow, 'status' | 'last_seen_at' | 'last_error'> | undefined;
  if (r === undefined) return;
  const status = isOk ? 'ok' : 'fault';
  const error = isOk ? null : detail;
  const isStale = r.last_seen_at === null || now.getTime() - Date.parse(r.last_seen_at) > 60_000;
  if (r.status === status && r.last_error === error && !(isOk && isStale)) return;
  db.prepare('UPDATE devices SET status = ?, last_error = ?, last_seen_at = CASE WHEN ? THEN ? ELSE last_seen_at END WHERE role = ?')
    .run(status, error, isOk ? 1 : 0, now.toISOString(), role);
}

/** Devices at fault, in words for the status light: "Imprimante (tcp 127.0.0.1:9100) : capot ouvert". */
export function deviceFaults(db: Database.Database): string[] {
  return (db.prepare("SELECT label, last_error FROM devices WHERE status = 'fault' ORDER BY role").all() as { label: string; last_error: string | null }[])
    .map((d) => `${d.label} : ${d.last_error ?? 'en défaut'}`);
}
