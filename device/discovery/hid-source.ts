// HID devices for the wizard, through node-hid (lazy): HID POS scanners, and HID interfaces of known POS makers.
import { nodeHidLoader, type HidDeviceInfo, type HidLoader } from '../hid/hid-backend';
import { HID_PAGE_BARCODE_SCANNER } from '../hid/hid-pos-scanner';
import { guessUsbRole, knownVendor } from '../usb/vendors';
import { classifyListFailure } from './native-failure';
import { emptyResult, hex4, type FoundDevice, type SourceResult } from './types';

const KEYBOARD = { page: 0x01, usage: 0x06 } as const;

/**
 * Null for HID devices a till has no use for (the mouse, the keyboard, a webcam's buttons). A scanner of a known
 * maker that only shows a keyboard interface is kept: it is a keyboard-wedge scanner, paired as such.
 */
export function hidFound(d: HidDeviceInfo): FoundDevice | null {
  const vendor = knownVendor(d.vendorId);
  const isPosScanner = d.usagePage === HID_PAGE_BARCODE_SCANNER;
  const isKeyboard = d.usagePage === KEYBOARD.page && d.usage === KEYBOARD.usage;
  const isVendorPage = d.usagePage !== null && d.usagePage >= 0xff00;
  const ids = {
    vendorId: d.vendorId, productId: d.productId,
    ...(vendor === undefined ? {} : { vendorName: vendor.name }),
    ...(d.manufacturer === null ? {} : { manufacturer: d.manufacturer }),
    ...(d.product === null ? {} : { product: d.product }),
    ...(d.serialNumber === null ? {} : { serialNumber: d.serialNumber }),
  };
  const who = d.manufacturer ?? vendor?.name ?? `HID ${hex4(d.vendorId)}:${hex4(d.productId)}`;
  const name = `${who}${d.product === null ? '' : ` ${d.product}`}`;
  if (isPosScanner && d.path !== null) {
    return {
      id: `hid:${d.path}`, source: 'hid', address: { kind: 'hid', path: d.path }, roles: ['scanner'], confidence: 'likely', ...ids,
      label: `${name} — lecteur de codes-barres (HID POS)`, note: 'Lecteur en mode HID POS (page 8Ch) : lu directement, sans passer par le clavier.',
    };
  }
  if (vendor?.kind === 'scanner' && isKeyboard) {
    return {
      id: `keyboard:${hex4(d.vendorId)}:${hex4(d.productId)}`, source: 'hid', address: { kind: 'keyboard' }, roles: ['scanner'], confidence: 'likely', ...ids,
      label: `${name} — lecteur de codes-barres (mode clavier)`,
      note: 'Lecteur en mode clavier : ses codes arrivent à l’écran de caisse comme une frappe rapide terminée par Entrée ; rien à ouvrir.',
    };
  }
  if (vendor !== undefined && vendor.kind !== 'infrastructure' && isVendorPage && d.path !== null) {
    const g = guessUsbRole(d.vendorId);
    return {
      id: `hid:${d.path}`, source: 'hid', address: { kind: 'hid', path: d.path }, roles: g.roles, confidence: 'possible', ...ids,
      label: `${name} — interface HID du fabricant`, note: `${g.note} Interface HID propre au fabricant (page ${d.usagePage?.toString(16)}h).`,
    };
  }
  return null;
}

export async function discoverHid(loader: HidLoader = nodeHidLoader): Promise<SourceResult> {
  const started = performance.now();
  const result = emptyResult('hid', 'ok');
  try {
    const backend = await loader();
    const seen = new Set<string>();
    for (const d of await backend.devices()) {
      const found = hidFound(d);
      // hidapi lists a device once per top-level collection; keep one entry per id.
      if (found === null || seen.has(found.id)) {
        result.ignored++;
        continue;
      }
      seen.add(found.id);
      result.devices.push(found);
    }
  } catch (err) {
    result.status = 'failed';
    result.problem = classifyListFailure(err, 'hid', 'node-hid');
  }
  result.durationMs = performance.now() - started;
  return result;
}
