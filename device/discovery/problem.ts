// Typed, bilingual problems of discovery and of the HID/USB links: a code, what went wrong and what to do, in French and English.

/** Where a problem was met: one discovery source, or a link being opened. */
export type ProblemSource = 'serial' | 'usb' | 'hid' | 'network';

export type ProblemCode =
  | 'USB_LIBRARY_MISSING'
  | 'USB_SUBSYSTEM_UNAVAILABLE'
  | 'USB_PERMISSION_DENIED'
  | 'USB_LIST_FAILED'
  | 'USB_WATCH_FAILED'
  | 'HID_LIBRARY_MISSING'
  | 'HID_PERMISSION_DENIED'
  | 'HID_NOT_FOUND'
  | 'HID_OPEN_FAILED'
  | 'HID_LIST_FAILED'
  | 'SERIAL_LIBRARY_MISSING'
  | 'SERIAL_TOOL_MISSING'
  | 'SERIAL_PERMISSION_DENIED'
  | 'SERIAL_PATH_MISSING'
  | 'SERIAL_LIST_FAILED'
  | 'NETWORK_BAD_ADDRESS'
  | 'NETWORK_REFUSED'
  | 'NETWORK_TIMEOUT'
  | 'NETWORK_UNREACHABLE'
  | 'NETWORK_NO_STATUS'
  | 'NETWORK_FAILED'
  | 'SOURCE_TIMEOUT';

/**
 * A plain value (no class) so it crosses the IPC bridge to the wizard unchanged. `detail` is the technical reason
 * (errno text, library message) for logs and support; the sentences are what the technician reads.
 */
export type DeviceProblem = {
  code: ProblemCode;
  source: ProblemSource;
  message: { fr: string; en: string };
  hint: { fr: string; en: string };
  /** What was being looked at: a path, host:port, or the library name. */
  subject: string;
  detail: string;
};

type Texts = { fr: string; en: string; hintFr: string; hintEn: string };

const UDEV_RULE_FR = 'installez la règle udev de Stalela (docs/devices.md) ou ajoutez l’utilisateur au groupe plugdev, puis débranchez et rebranchez l’appareil';
const UDEV_RULE_EN = 'install Stalela’s udev rule (docs/devices.md) or add the user to the plugdev group, then unplug and replug the device';

/** One entry per code; `s` is the subject (path, host, library). */
const TEXTS: Readonly<Record<ProblemCode, (s: string) => Texts>> = {
  USB_LIBRARY_MISSING: (s) => ({
    fr: `La bibliothèque USB (${s}) n’a pas pu être chargée sur ce poste.`,
    en: `The USB library (${s}) could not be loaded on this machine.`,
    hintFr: 'Réinstallez l’application (son module natif manque pour ce système) ; si le message cite libusb, installez libusb-1.0-0 (sudo apt-get install libusb-1.0-0).',
    hintEn: 'Reinstall the application (its native module is missing for this system); if the message mentions libusb, install libusb-1.0-0 (sudo apt-get install libusb-1.0-0).',
  }),
  USB_SUBSYSTEM_UNAVAILABLE: (s) => ({
    fr: `Aucun bus USB n’est visible sur ce poste (${s} absent) : machine virtuelle ou conteneur sans accès USB.`,
    en: `No USB bus is visible on this machine (${s} is missing): a virtual machine or container without USB access.`,
    hintFr: 'Branchez l’appareil sur le poste physique, ou donnez l’accès USB à la machine virtuelle ou au conteneur (/dev/bus/usb et /sys).',
    hintEn: 'Plug the device into the physical machine, or pass USB through to the virtual machine or container (/dev/bus/usb and /sys).',
  }),
  USB_PERMISSION_DENIED: (s) => ({
    fr: `Ce compte n’a pas le droit de lire les appareils USB (${s}).`,
    en: `This user may not access the USB devices (${s}).`,
    hintFr: `Sous Linux, ${UDEV_RULE_FR} ; sous Windows, installez le pilote du fabricant (ou WinUSB avec Zadig).`,
    hintEn: `On Linux, ${UDEV_RULE_EN}; on Windows, install the maker’s driver (or WinUSB with Zadig).`,
  }),
  USB_LIST_FAILED: (s) => ({
    fr: `La liste des appareils USB n’a pas pu être lue (${s}).`,
    en: `The list of USB devices could not be read (${s}).`,
    hintFr: 'Débranchez et rebranchez l’appareil, puis relancez la recherche ; si cela persiste, redémarrez le poste.',
    hintEn: 'Unplug and replug the device, then search again; if it persists, restart the machine.',
  }),
  USB_WATCH_FAILED: (s) => ({
    fr: `Le branchement et le débranchement des appareils USB ne peuvent pas être suivis (${s}).`,
    en: `USB plug and unplug events cannot be followed (${s}).`,
    hintFr: 'Relancez la recherche à la main après avoir branché l’appareil.',
    hintEn: 'Search again by hand after plugging the device in.',
  }),
  HID_LIBRARY_MISSING: (s) => ({
    fr: `La bibliothèque HID (${s}) n’a pas pu être chargée sur ce poste.`,
    en: `The HID library (${s}) could not be loaded on this machine.`,
    hintFr: 'Réinstallez l’application ; sous Linux, installez libudev1 et libusb-1.0-0 (sudo apt-get install libudev1 libusb-1.0-0).',
    hintEn: 'Reinstall the application; on Linux, install libudev1 and libusb-1.0-0 (sudo apt-get install libudev1 libusb-1.0-0).',
  }),
  HID_PERMISSION_DENIED: (s) => ({
    fr: `Ce compte n’a pas le droit d’ouvrir l’appareil HID ${s}.`,
    en: `This user may not open the HID device ${s}.`,
    hintFr: `Sous Linux, ${UDEV_RULE_FR} (les fichiers /dev/hidraw* sont réservés à root sans cette règle).`,
    hintEn: `On Linux, ${UDEV_RULE_EN} (/dev/hidraw* files belong to root without that rule).`,
  }),
  HID_NOT_FOUND: (s) => ({
    fr: `L’appareil HID ${s} n’est plus là.`,
    en: `The HID device ${s} is not there any more.`,
    hintFr: 'Vérifiez le câble USB et que l’appareil est allumé, puis relancez la recherche : son chemin change quand on le rebranche.',
    hintEn: 'Check the USB cable and that the device is on, then search again: its path changes when it is replugged.',
  }),
  HID_OPEN_FAILED: (s) => ({
    fr: `L’appareil HID ${s} n’a pas pu être ouvert.`,
    en: `The HID device ${s} could not be opened.`,
    hintFr: 'Fermez tout autre programme qui l’utilise, débranchez-le et rebranchez-le ; vérifiez les droits (règle udev).',
    hintEn: 'Close any other program using it, unplug and replug it; check the permissions (udev rule).',
  }),
  HID_LIST_FAILED: (s) => ({
    fr: `La liste des appareils HID n’a pas pu être lue (${s}).`,
    en: `The list of HID devices could not be read (${s}).`,
    hintFr: 'Relancez la recherche ; si cela persiste, redémarrez le poste.',
    hintEn: 'Search again; if it persists, restart the machine.',
  }),
  SERIAL_LIBRARY_MISSING: (s) => ({
    fr: `La bibliothèque des ports série (${s}) n’a pas pu être chargée sur ce poste.`,
    en: `The serial-port library (${s}) could not be loaded on this machine.`,
    hintFr: 'Réinstallez l’application (son module natif manque pour ce système).',
    hintEn: 'Reinstall the application (its native module is missing for this system).',
  }),
  SERIAL_TOOL_MISSING: (s) => ({
    fr: `Les ports série ne peuvent pas être listés : l’outil ${s} manque.`,
    en: `Serial ports cannot be listed: the ${s} tool is missing.`,
    hintFr: 'Sous Linux, installez udev (sudo apt-get install udev), ou saisissez le chemin du port à la main (/dev/ttyUSB0).',
    hintEn: 'On Linux, install udev (sudo apt-get install udev), or type the port path by hand (/dev/ttyUSB0).',
  }),
  SERIAL_PERMISSION_DENIED: (s) => ({
    fr: `Ce compte n’a pas le droit d’ouvrir le port série ${s}.`,
    en: `This user may not open the serial port ${s}.`,
    hintFr: 'Sous Linux, ajoutez l’utilisateur au groupe dialout (sudo usermod -aG dialout $USER, puis reconnectez-vous) ou installez la règle udev ; sous Windows, installez le pilote du câble (FTDI, Prolific, CH340, CP210x).',
    hintEn: 'On Linux, add the user to the dialout group (sudo usermod -aG dialout $USER, then log in again) or install the udev rule; on Windows, install the cable’s driver (FTDI, Prolific, CH340, CP210x).',
  }),
  SERIAL_PATH_MISSING: (s) => ({
    fr: `Il n’y a pas de port série ${s}.`,
    en: `There is no serial port ${s}.`,
    hintFr: 'Vérifiez le câble et que l’appareil est allumé ; un câble USB-série sans pilote n’apparaît pas (installez le pilote FTDI, Prolific, CH340 ou CP210x).',
    hintEn: 'Check the cable and that the device is on; a USB-serial cable without its driver does not show up (install the FTDI, Prolific, CH340 or CP210x driver).',
  }),
  SERIAL_LIST_FAILED: (s) => ({
    fr: `La liste des ports série n’a pas pu être lue (${s}).`,
    en: `The list of serial ports could not be read (${s}).`,
    hintFr: 'Relancez la recherche, ou saisissez le chemin du port à la main.',
    hintEn: 'Search again, or type the port path by hand.',
  }),
  NETWORK_BAD_ADDRESS: (s) => ({
    fr: `L’adresse « ${s} » n’est pas une adresse réseau utilisable.`,
    en: `"${s}" is not a usable network address.`,
    hintFr: 'Saisissez l’adresse IP imprimée par l’imprimante sur sa page de configuration (ex. 192.168.1.50), ou une plage comme 192.168.1.0/24.',
    hintEn: 'Type the IP address the printer prints on its configuration page (e.g. 192.168.1.50), or a range such as 192.168.1.0/24.',
  }),
  NETWORK_REFUSED: (s) => ({
    fr: `Rien n’écoute sur ${s} : cette adresse n’est pas une imprimante réseau allumée.`,
    en: `Nothing listens on ${s}: that address is not a printer that is switched on.`,
    hintFr: 'Vérifiez que l’imprimante est allumée, son adresse IP (page de configuration) et son port (souvent 9100).',
    hintEn: 'Check that the printer is on, its IP address (configuration page) and its port (usually 9100).',
  }),
  NETWORK_TIMEOUT: (s) => ({
    fr: `Pas de réponse de ${s} dans le délai.`,
    en: `No answer from ${s} in time.`,
    hintFr: 'Vérifiez le câble réseau ou le Wi-Fi, que l’imprimante et la caisse sont sur le même réseau, et l’adresse IP.',
    hintEn: 'Check the network cable or Wi-Fi, that the printer and the till are on the same network, and the IP address.',
  }),
  NETWORK_UNREACHABLE: (s) => ({
    fr: `Le réseau de ${s} n’est pas joignable depuis cette caisse.`,
    en: `The network of ${s} cannot be reached from this till.`,
    hintFr: 'Vérifiez le câble réseau ou le Wi-Fi de la caisse, et que l’adresse est bien dans le réseau du magasin.',
    hintEn: 'Check the till’s network cable or Wi-Fi, and that the address is in the shop’s network.',
  }),
  NETWORK_NO_STATUS: (s) => ({
    fr: `${s} accepte la connexion mais ne répond pas à la demande d’état ESC/POS (DLE EOT).`,
    en: `${s} accepts the connection but does not answer the ESC/POS status request (DLE EOT).`,
    hintFr: 'C’est peut-être un autre appareil que l’imprimante, ou une imprimante non ESC/POS ; vérifiez l’adresse et le modèle.',
    hintEn: 'It may be another device than the printer, or a printer that does not speak ESC/POS; check the address and the model.',
  }),
  NETWORK_FAILED: (s) => ({
    fr: `La connexion à ${s} a échoué.`,
    en: `The connection to ${s} failed.`,
    hintFr: 'Vérifiez le réseau et l’adresse de l’imprimante.',
    hintEn: 'Check the network and the printer’s address.',
  }),
  SOURCE_TIMEOUT: (s) => ({
    fr: `La recherche (${s}) a pris trop de temps et a été arrêtée.`,
    en: `The search (${s}) took too long and was stopped.`,
    hintFr: 'Débranchez les appareils inutiles et relancez la recherche.',
    hintEn: 'Unplug the devices you do not need and search again.',
  }),
};

export function problem(code: ProblemCode, source: ProblemSource, subject: string, detail = ''): DeviceProblem {
  const t = TEXTS[code](subject);
  return { code, source, message: { fr: t.fr, en: t.en }, hint: { fr: t.hintFr, en: t.hintEn }, subject, detail };
}

/** The problem as one French line, message then what to do, for the technician's screen and logs. */
export function describeProblem(p: DeviceProblem, lang: 'fr' | 'en' = 'fr'): string {
  return `${p.message[lang]} ${p.hint[lang]}`;
}

/** Thrown where a call must fail (opening a HID link); carries the same plain problem. */
export class DeviceProblemError extends Error {
  override readonly name = 'DeviceProblemError';
  readonly code: ProblemCode;
  readonly problem: DeviceProblem;
  constructor(p: DeviceProblem, cause?: unknown) {
    super(p.message.en, cause === undefined ? undefined : { cause });
    this.code = p.code;
    this.problem = p;
  }
}

export function isDeviceProblemError(e: unknown, ...codes: ProblemCode[]): e is DeviceProblemError {
  return e instanceof DeviceProblemError && (codes.length === 0 || codes.includes(e.code));
}

export function isDeviceProblem(v: unknown): v is DeviceProblem {
  return typeof v === 'object' && v !== null && 'code' in v && 'message' in v && 'hint' in v && 'source' in v;
}
