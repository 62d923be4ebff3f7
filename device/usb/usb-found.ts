// A USB device as the wizard lists it: its role guess, label and the id other sources can be matched against.
import { hex4, type FoundDevice } from '../discovery/types';
import type { UsbDeviceInfo } from './usb-backend';
import { guessUsbRole, roleLabel } from './vendors';

export function usbDeviceId(d: Pick<UsbDeviceInfo, 'vendorId' | 'productId' | 'bus' | 'address'>): string {
  const where = d.bus === null ? '' : `@${d.bus}${d.address === null ? '' : `.${d.address}`}`;
  return `usb:${hex4(d.vendorId)}:${hex4(d.productId)}${where}`;
}

/** Null for hubs and root hubs, which a technician never pairs. */
export function usbFound(d: UsbDeviceInfo): FoundDevice | null {
  const guess = guessUsbRole(d.vendorId, d.interfaceClasses, d.deviceClass);
  if (guess.isInfrastructure) return null;
  const who = d.manufacturer ?? guess.vendorName ?? `USB ${hex4(d.vendorId)}:${hex4(d.productId)}`;
  const found: FoundDevice = {
    id: usbDeviceId(d),
    source: 'usb',
    address: {
      kind: 'usb', vendorId: d.vendorId, productId: d.productId,
      ...(d.bus === null ? {} : { bus: d.bus }), ...(d.address === null ? {} : { deviceAddress: d.address }),
    },
    roles: guess.roles,
    confidence: guess.confidence,
    label: `${who}${d.product === null ? '' : ` ${d.product}`} — ${roleLabel(guess.roles)} (USB)`,
    note: guess.note,
    vendorId: d.vendorId,
    productId: d.productId,
  };
  if (guess.vendorName !== undefined) found.vendorName = guess.vendorName;
  if (d.manufacturer !== null) found.manufacturer = d.manufacturer;
  if (d.product !== null) found.product = d.product;
  if (d.serialNumber !== null) found.serialNumber = d.serialNumber;
  return found;
}
