// Where a paired device is reached: "host:port" over TCP, or a serial port path (USB-COM included), checked once here.
import type { DeviceTransport } from '../../api/pos-types';
import { CoreError } from '../errors';

export type DeviceLink = { kind: 'tcp'; host: string; port: number } | { kind: 'serial'; path: string; baudRate: number };

const HOST_RE = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9a-fA-F:.]+\])$/;

/** Both the MCF (protocol §1) and most receipt printers speak 115200 8N1 on serial unless told otherwise. */
export const DEFAULT_BAUD = 115200;

export function parseLink(transport: DeviceTransport, path: string, options: Record<string, string | number> = {}): DeviceLink {
  if (typeof path !== 'string' || path.trim() === '') throw new CoreError('invalid_argument', "L'adresse du périphérique est vide. / The device path is empty.");
  if (transport === 'tcp') {
    const m = /^(.+):(\d{1,5})$/.exec(path.trim());
    const port = m === null ? NaN : Number(m[2]);
    if (m === null || !HOST_RE.test(m[1]!) || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw new CoreError('invalid_argument', `« ${path} » n'est pas une adresse hôte:port (ex. 192.168.1.50:9100). / Not a host:port address.`);
    }
    return { kind: 'tcp', host: m[1]!.replace(/^\[|\]$/g, ''), port };
  }
  if (transport === 'serial' || transport === 'usb') {
    const baud = Number(options['baud_rate'] ?? DEFAULT_BAUD);
    if (!Number.isInteger(baud) || baud < 1200 || baud > 921600) throw new CoreError('invalid_argument', `Débit série invalide : ${String(options['baud_rate'])}.`);
    return { kind: 'serial', path: path.trim(), baudRate: baud };
  }
  throw new CoreError('invalid_argument', `Le transport « ${transport} » ne sert pas à imprimer ni à signer (tcp, serial ou usb). / Transport not usable for this role.`);
}

export function describeLink(link: DeviceLink): string {
  return link.kind === 'tcp' ? `tcp ${link.host}:${link.port}` : `série ${link.path} @${link.baudRate}`;
}
