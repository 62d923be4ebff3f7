// Serial ports for the wizard: what the OS lists (serialport, udev on Linux), plus paths the technician typed.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { listSerialPorts, type SerialLoader, type SerialPortInfo } from '../transport/serial';
import { guessUsbRole, roleLabel } from '../usb/vendors';
import { classifyListFailure, errorText, isMissingFailure, isPermissionFailure } from './native-failure';
import { problem } from './problem';
import { emptyResult, type FoundDevice, type Miss, type SourceResult } from './types';

export type SerialSourceOptions = {
  loader?: SerialLoader;
  /**
   * Paths to check even though the OS list may not show them: a port typed by hand, or the emulator's PTY
   * (/dev/pts/N is not in udev's tty list, so `SerialPort.list()` never reports it).
   */
  manualPaths?: readonly string[];
};

const defaultLoader: SerialLoader = () => import('serialport');

function parseHexId(id: string | undefined): number | undefined {
  if (id === undefined || !/^[0-9a-f]{1,4}$/i.test(id)) return undefined;
  return Number.parseInt(id, 16);
}

/** One listed port, with a role guess from its USB ids when it is a USB-serial cable or a USB virtual COM. */
export function serialFound(port: SerialPortInfo): FoundDevice {
  const vendorId = parseHexId(port.vendorId);
  const productId = parseHexId(port.productId);
  const base = { id: `serial:${port.path}`, source: 'serial' as const, address: { kind: 'serial' as const, path: port.path } };
  const extra = {
    ...(vendorId === undefined ? {} : { vendorId }),
    ...(productId === undefined ? {} : { productId }),
    ...(port.manufacturer === undefined ? {} : { manufacturer: port.manufacturer }),
    ...(port.serialNumber === undefined ? {} : { serialNumber: port.serialNumber }),
  };
  if (vendorId !== undefined) {
    const g = guessUsbRole(vendorId, [], 0);
    const isUnknown = g.roles.length === 0;
    // A serial port with USB ids nobody knows is still a virtual COM port: the DGI protocol allows an MCF there.
    const roles = isUnknown ? (['mcf'] as const) : g.roles;
    const who = port.manufacturer ?? g.vendorName ?? 'USB';
    return {
      ...base, ...extra, ...(g.vendorName === undefined ? {} : { vendorName: g.vendorName }),
      roles: [...roles], confidence: isUnknown ? 'possible' : g.confidence,
      label: `${who} — ${roleLabel(roles)} (port série ${port.path})`,
      note: isUnknown ? 'Port COM virtuel USB : candidat MCF (115200 bauds, 8N1).' : g.note,
    };
  }
  if (/ttyACM\d+$/.test(port.path)) {
    return { ...base, ...extra, roles: ['mcf'], confidence: 'possible', label: `Port COM virtuel USB (${port.path})`, note: 'Port CDC-ACM : candidat MCF (115200 bauds, 8N1).' };
  }
  return {
    ...base, ...extra, roles: ['mcf', 'printer'], confidence: 'possible',
    label: `Port série RS232 (${port.path})`,
    note: 'Port RS232 du poste : un MCF ou une imprimante série peut y être branché ; le test dira s’il y a quelque chose au bout.',
  };
}

/** A typed path: there, openable by this user, and a character device; otherwise the reason. */
export async function checkSerialPath(path: string): Promise<FoundDevice | Miss> {
  try {
    const s = await stat(path);
    if (!s.isCharacterDevice()) {
      return { target: path, problem: problem('SERIAL_PATH_MISSING', 'serial', path, 'not a character device') };
    }
    await access(path, constants.R_OK | constants.W_OK);
  } catch (err) {
    const code = isPermissionFailure(err) ? 'SERIAL_PERMISSION_DENIED' : isMissingFailure(err) ? 'SERIAL_PATH_MISSING' : 'SERIAL_LIST_FAILED';
    return { target: path, problem: problem(code, 'serial', path, errorText(err)) };
  }
  return {
    id: `serial:${path}`, source: 'serial', address: { kind: 'serial', path }, roles: ['mcf', 'printer'], confidence: 'possible',
    label: `Port série ${path} (saisi à la main)`, note: 'Chemin saisi à la main : choisissez le rôle, le test dira ce qui répond.',
  };
}

export async function discoverSerial(options: SerialSourceOptions = {}): Promise<SourceResult> {
  const started = performance.now();
  const result = emptyResult('serial', 'ok');
  try {
    result.devices = (await listSerialPorts(options.loader ?? defaultLoader)).map(serialFound);
  } catch (err) {
    result.status = 'failed';
    result.problem = classifyListFailure(err, 'serial', 'serialport');
  }
  for (const path of options.manualPaths ?? []) {
    if (result.devices.some((d) => d.id === `serial:${path}`)) continue;
    const checked = await checkSerialPath(path);
    if ('problem' in checked) result.misses.push(checked);
    else result.devices.push(checked);
  }
  result.durationMs = performance.now() - started;
  return result;
}
