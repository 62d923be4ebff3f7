// USB vendor ids of receipt printers, scanners and USB-serial bridges, and the role guess a vendor id and interface class give.
import type { Confidence, DeviceRole } from '../discovery/types';

export type VendorKind = 'receipt-printer' | 'printer-chip' | 'scanner' | 'usb-serial-bridge' | 'infrastructure';

export type KnownVendor = { vendorId: number; name: string; kind: VendorKind };

/**
 * Vendor ids as the USB-IF assigned them (the public usb.ids list). "printer-chip" vendors make the controller
 * chips inside many unbranded 58/80 mm printers (Xprinter, Zjiang, "POS-58"), and other devices too: only a guess.
 */
export const KNOWN_VENDORS: readonly KnownVendor[] = [
  { vendorId: 0x04b8, name: 'Epson', kind: 'receipt-printer' },
  { vendorId: 0x0519, name: 'Star Micronics', kind: 'receipt-printer' },
  { vendorId: 0x1504, name: 'Bixolon', kind: 'receipt-printer' },
  { vendorId: 0x1d90, name: 'Citizen', kind: 'receipt-printer' },
  { vendorId: 0x0dd4, name: 'Custom', kind: 'receipt-printer' },
  { vendorId: 0x0416, name: 'Winbond (Xprinter, Zjiang…)', kind: 'printer-chip' },
  { vendorId: 0x0483, name: 'STMicroelectronics (Xprinter, POS-80…)', kind: 'printer-chip' },
  { vendorId: 0x0fe6, name: 'ICS Advent (imprimantes POS-58)', kind: 'printer-chip' },
  { vendorId: 0x0c2e, name: 'Honeywell (Metrologic)', kind: 'scanner' },
  { vendorId: 0x05e0, name: 'Zebra (Symbol)', kind: 'scanner' },
  { vendorId: 0x05f9, name: 'Datalogic', kind: 'scanner' },
  { vendorId: 0x1eab, name: 'Newland', kind: 'scanner' },
  { vendorId: 0x0403, name: 'FTDI', kind: 'usb-serial-bridge' },
  { vendorId: 0x067b, name: 'Prolific', kind: 'usb-serial-bridge' },
  { vendorId: 0x1a86, name: 'QinHeng (CH340)', kind: 'usb-serial-bridge' },
  { vendorId: 0x10c4, name: 'Silicon Labs (CP210x)', kind: 'usb-serial-bridge' },
  { vendorId: 0x1d6b, name: 'Linux Foundation (hub racine)', kind: 'infrastructure' },
];

const BY_ID = new Map(KNOWN_VENDORS.map((v) => [v.vendorId, v]));

export function knownVendor(vendorId: number): KnownVendor | undefined {
  return BY_ID.get(vendorId);
}

/** USB class codes (USB-IF "Defined Class Codes") that say what an interface is. */
export const USB_CLASS = { cdc: 0x02, hid: 0x03, printer: 0x07, hub: 0x09, cdcData: 0x0a } as const;

export type UsbGuess = {
  roles: DeviceRole[];
  confidence: Confidence;
  vendorName?: string;
  /** French, for the wizard. */
  note: string;
  /** Hubs and root hubs: nothing to pair. */
  isInfrastructure: boolean;
};

/**
 * The role a USB device most likely plays. The interface class, when known, wins over the vendor: a printer-class
 * interface is a printer whoever made it; a CDC (virtual COM) interface is how the DGI protocol allows an MCF on USB.
 */
export function guessUsbRole(vendorId: number, interfaceClasses: readonly number[] = [], deviceClass = 0): UsbGuess {
  const v = knownVendor(vendorId);
  const vendorName = v?.name;
  const named = vendorName === undefined ? {} : { vendorName };
  if (deviceClass === USB_CLASS.hub || v?.kind === 'infrastructure') {
    return { roles: [], confidence: 'unknown', ...named, note: 'Concentrateur USB : rien à appairer.', isInfrastructure: true };
  }
  const has = (c: number) => interfaceClasses.includes(c) || deviceClass === c;
  if (has(USB_CLASS.printer)) {
    return { roles: ['printer'], confidence: 'likely', ...named, note: 'Interface de classe imprimante USB.', isInfrastructure: false };
  }
  switch (v?.kind) {
    case 'receipt-printer':
      return { roles: ['printer'], confidence: 'likely', ...named, note: `${v.name} : fabricant d’imprimantes de tickets.`, isInfrastructure: false };
    case 'printer-chip':
      return { roles: ['printer'], confidence: 'possible', ...named, note: `${v.name} : puce utilisée par beaucoup d’imprimantes sans marque (à confirmer par un test).`, isInfrastructure: false };
    case 'scanner':
      return { roles: ['scanner'], confidence: 'likely', ...named, note: `${v.name} : fabricant de lecteurs de codes-barres.`, isInfrastructure: false };
    case 'usb-serial-bridge':
      return {
        roles: ['mcf', 'printer'], confidence: 'possible', ...named,
        note: `Pont USB-série ${v.name} : candidat MCF (115200 bauds, 8N1), ou imprimante série.`, isInfrastructure: false,
      };
    default:
      break;
  }
  if (has(USB_CLASS.cdc) || has(USB_CLASS.cdcData)) {
    return { roles: ['mcf'], confidence: 'possible', ...named, note: 'Port COM virtuel USB (CDC) : candidat MCF.', isInfrastructure: false };
  }
  if (has(USB_CLASS.hid)) {
    return { roles: ['scanner'], confidence: 'possible', ...named, note: 'Appareil HID : peut-être un lecteur de codes-barres.', isInfrastructure: false };
  }
  return { roles: [], confidence: 'unknown', ...named, note: 'Appareil USB inconnu.', isInfrastructure: false };
}

/** "Epson — imprimante de tickets" style label from what is known. */
export function roleLabel(roles: readonly DeviceRole[]): string {
  switch (roles[0]) {
    case 'printer': return 'imprimante de tickets';
    case 'mcf': return 'MCF (module de contrôle de facturation) possible';
    case 'scanner': return 'lecteur de codes-barres';
    case 'drawer': return 'tiroir-caisse';
    default: return 'appareil inconnu';
  }
}
