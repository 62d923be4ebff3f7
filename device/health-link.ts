// Opens the byte link of a paired device for a health check: TCP, serial (or PTY) and HID, as the wizard saved it.
import type { DeviceAddress } from './discovery/types';
import { openHidTransport } from './hid/hid-transport';
import type { HidLoader } from './hid/hid-backend';
import type { ByteTransport } from './transport/byte-transport';
import { openSerialTransport } from './transport/serial';
import { connectTcpTransport } from './transport/tcp';

export type LinkOptions = { connectTimeoutMs?: number; hidLoader?: HidLoader };

/** "tcp 192.168.1.50:9100", "série /dev/ttyUSB0 @115200": how the health page names the link. */
export function describeAddress(address: DeviceAddress, defaultBaud = 115200): string {
  switch (address.kind) {
    case 'tcp': return `tcp ${address.host}:${address.port}`;
    case 'serial': return `série ${address.path} @${address.baudRate ?? defaultBaud}`;
    case 'hid': return `hid ${address.path}`;
    case 'usb': return `usb ${address.vendorId.toString(16).padStart(4, '0')}:${address.productId.toString(16).padStart(4, '0')}`;
    case 'keyboard': return 'clavier (lecteur en mode clavier)';
  }
}

/** Null for addresses that carry no byte link (raw USB without a driver of ours, a keyboard-wedge scanner). */
export async function openLink(address: DeviceAddress, options: LinkOptions = {}): Promise<ByteTransport | null> {
  switch (address.kind) {
    case 'tcp':
      return connectTcpTransport({ host: address.host, port: address.port, connectTimeoutMs: options.connectTimeoutMs ?? 2000 });
    case 'serial':
      // 115200 8N1 is the MCF protocol's setting and a common printer default; the wizard saves another when needed.
      return openSerialTransport({ path: address.path, baudRate: address.baudRate ?? 115200 });
    case 'hid':
      return openHidTransport({ path: address.path, ...(options.hidLoader === undefined ? {} : { loader: options.hidLoader }) });
    default:
      return null;
  }
}
