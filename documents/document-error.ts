// Typed printer errors: a code the code can switch on, a French sentence and what the technician should check.

export type PrinterErrorCode =
  | 'printer-timeout'
  | 'printer-offline'
  | 'paper-out'
  | 'cover-open'
  | 'printer-fault'
  | 'bad-status-byte'
  | 'connect-failed'
  | 'link-closed'
  | 'write-failed'
  | 'not-sealed'
  | 'bad-layout-input';

const TEXTS: Readonly<Record<PrinterErrorCode, { message: string; hint: string }>> = {
  'printer-timeout': {
    message: "L'imprimante ne répond pas.",
    hint: "Vérifiez qu'elle est allumée, le câble ou le réseau, le port et la vitesse (bauds).",
  },
  'printer-offline': {
    message: "L'imprimante est hors ligne.",
    hint: 'Appuyez sur le bouton de mise en ligne ou éteignez puis rallumez-la.',
  },
  'paper-out': { message: "L'imprimante n'a plus de papier.", hint: 'Remplacez le rouleau de papier.' },
  'cover-open': { message: "Le capot de l'imprimante est ouvert.", hint: 'Fermez le capot jusqu’au déclic.' },
  'printer-fault': {
    message: "L'imprimante signale une erreur (massicot ou mécanisme).",
    hint: 'Vérifiez le massicot et retirez tout bourrage, puis éteignez et rallumez l’imprimante.',
  },
  'bad-status-byte': {
    message: "L'imprimante a répondu par un état illisible.",
    hint: "Vérifiez qu'il s'agit bien d'une imprimante ESC/POS et la vitesse du port série.",
  },
  'connect-failed': {
    message: "Impossible de se connecter à l'imprimante.",
    hint: "Vérifiez l'adresse IP et le port (souvent 9100), ou le nom du port série et ses droits d'accès.",
  },
  'link-closed': { message: "La liaison avec l'imprimante a été coupée.", hint: 'Vérifiez le câble ou le réseau.' },
  'write-failed': { message: "L'envoi à l'imprimante a échoué.", hint: 'Vérifiez le câble ou le réseau puis réessayez.' },
  'not-sealed': {
    message: "Cette facture n'est pas encore scellée : aucun reçu fiscal ne peut être imprimé.",
    hint: 'Attendez la signature (en ligne, déléguée ou MCF) avant d’imprimer.',
  },
  'bad-layout-input': {
    message: 'Les données du reçu sont incomplètes ou invalides.',
    hint: 'Signalez ce reçu au support avec son numéro.',
  },
};

/** A printer problem a cashier or technician can read; `detail` carries the technical specifics. */
export class PrinterError extends Error {
  readonly code: PrinterErrorCode;
  readonly hint: string;
  readonly detail: string | undefined;

  constructor(code: PrinterErrorCode, detail?: string, cause?: unknown) {
    const text = TEXTS[code];
    super(detail === undefined ? text.message : `${text.message} (${detail})`, cause === undefined ? undefined : { cause });
    this.name = 'PrinterError';
    this.code = code;
    this.hint = text.hint;
    this.detail = detail;
  }
}

export function isPrinterError(e: unknown): e is PrinterError {
  return e instanceof PrinterError;
}
