// Any failure met while checking a device (transport, MCF, printer, HID), as one French HealthError naming what to check.
import { describeDeviceError, isDeviceError } from './errors';
import { isDeviceProblemError } from './discovery/problem';
import { isPrinterError } from './printer/printer-error';
import type { HealthError } from './health-types';

type Words = { message: string; hint: string };

const MCF_LINK: Words = {
  message: 'Le MCF ne répond pas, ou répond de façon illisible.',
  hint: 'Vérifiez que le MCF est allumé, le câble, le port choisi et la vitesse (115200 bauds, 8N1).',
};

/** French words for the DeviceError codes a health check meets; the others keep the driver's own sentence. */
const DEVICE_WORDS: Readonly<Record<string, (link: string) => Words>> = {
  TCP_CONNECT_FAILED: (link) => ({
    message: `Aucune réponse à l’adresse ${link} : l’appareil est éteint, hors du réseau, ou l’adresse ou le port est faux.`,
    hint: 'Vérifiez le câble réseau ou le Wi-Fi, l’adresse IP et le port.',
  }),
  SERIAL_NOT_FOUND: (link) => ({
    message: `Le port ${link} n’existe pas (ou plus).`,
    hint: 'Vérifiez le câble et que l’appareil est allumé ; un câble USB-série sans pilote n’apparaît pas. Refaites la détection.',
  }),
  SERIAL_PERMISSION_DENIED: (link) => ({
    message: `Ce compte n’a pas le droit d’ouvrir le port ${link}.`,
    hint: 'Sous Linux, ajoutez l’utilisateur au groupe dialout ou installez la règle udev ; sous Windows, installez le pilote du câble.',
  }),
  SERIAL_BUSY: (link) => ({
    message: `Le port ${link} est déjà utilisé par un autre programme.`,
    hint: 'Fermez l’autre programme (ou l’autre caisse) qui tient le port, ou débranchez et rebranchez l’appareil.',
  }),
  SERIAL_LIBRARY_MISSING: () => ({ message: 'La bibliothèque des ports série manque sur ce poste.', hint: 'Réinstallez l’application.' }),
  TRANSPORT_CLOSED: (link) => ({ message: `La liaison ${link} a été coupée.`, hint: 'Vérifiez le câble ou le réseau.' }),
  TRANSPORT_WRITE_FAILED: (link) => ({ message: `L’envoi sur ${link} a échoué.`, hint: 'Vérifiez le câble ou le réseau puis réessayez.' }),
  MCF_NO_ANSWER: () => MCF_LINK,
  MCF_NAK_LIMIT: () => MCF_LINK,
  MCF_BAD_ANSWER: () => MCF_LINK,
  MCF_BUSY_TOO_LONG: () => ({ message: 'Le MCF reste occupé et ne traite pas la demande.', hint: 'Attendez la fin de son envoi à la DGI, puis réessayez ; sinon éteignez-le et rallumez-le.' }),
  MCF_REFUSED: () => ({ message: 'Le MCF a refusé la demande d’état.', hint: 'Vérifiez qu’aucune facture n’est ouverte sur le MCF ; sinon contactez son fournisseur.' }),
};

export function healthError(e: unknown, link: string, at: string): HealthError {
  if (isPrinterError(e)) return { at, code: e.code, message: e.message, hint: e.hint, detail: e.detail ?? '' };
  if (isDeviceProblemError(e)) return { at, code: e.code, message: e.problem.message.fr, hint: e.problem.hint.fr, detail: e.problem.detail };
  if (isDeviceError(e)) {
    const words = DEVICE_WORDS[e.code]?.(link);
    return { at, code: e.code, message: words?.message ?? e.message, hint: words?.hint ?? e.hint ?? null, detail: describeDeviceError(e) };
  }
  const text = e instanceof Error ? e.message : String(e);
  return { at, code: 'UNEXPECTED', message: `Erreur inattendue pendant le test de ${link}.`, hint: 'Relancez le test ; si cela persiste, contactez le support.', detail: text };
}
