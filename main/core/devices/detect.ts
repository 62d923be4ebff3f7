// The wizard's "Détecter" step through the PosApi: serial ports, USB, HID and, when addresses are given, printers on 9100
// (or the port given).
import { discoverDevices, type DiscoveryReport } from '../../../device/discovery';
import { CoreError } from '../errors';

export type DetectDevicesArgs = { network_hosts?: string[]; network_port?: number } | undefined;

const MAX_TARGETS = 16;

/**
 * Each source answers alone (a missing native module, no /sys/bus/usb, nobody on 9100): its problem is in
 * `sources[source].problem` in French and English, and the others still list what they found. Native modules load
 * lazily inside device/discovery.
 */
export async function detectDevices(args: DetectDevicesArgs): Promise<DiscoveryReport> {
  const hosts = args?.network_hosts;
  if (hosts !== undefined) {
    // One address, name, range or network per entry: separators inside one would multiply the search past the limit.
    if (!Array.isArray(hosts) || hosts.length > MAX_TARGETS || hosts.some((h) => typeof h !== 'string' || h.trim() === '' || h.length > 100 || /[\s,;]/.test(h.trim()))) {
      throw new CoreError('invalid_argument', `network_hosts : jusqu'à ${MAX_TARGETS} adresses (IP, nom, plage ou /24), une par entrée, chacune de 1 à 100 caractères.`);
    }
  }
  const port = args?.network_port;
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    throw new CoreError('invalid_argument', 'network_port : un numéro de port entier de 1 à 65535 (9100 par défaut).');
  }
  if (hosts === undefined || hosts.length === 0) return discoverDevices({});
  return discoverDevices({ network: { targets: hosts.map((h) => h.trim()), ...(port === undefined ? {} : { port }) } });
}
