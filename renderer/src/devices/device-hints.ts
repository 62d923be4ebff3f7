// What a technician should check when a device fails: read from the role, the link and the failure's own words.
import type { DeviceRole, DeviceTransport } from '../../../main/api/pos-types';
import type { MessageKey } from '../i18n/fr';

type Rule = { test: RegExp; hints: MessageKey[] };

/** Failure words (errno names, driver and printer sentences, in French or English) and what each points to. */
const RULES: readonly Rule[] = [
  { test: /EACCES|permission|denied|refus[ée] d'accès|accès refusé/i, hints: ['hint.permissions'] },
  { test: /ENOENT|no such file|not found|introuvable|n'existe pas|cannot open|ouvrir/i, hints: ['hint.port', 'hint.cable'] },
  { test: /ECONNREFUSED|refused|refusé|could not connect|impossible de se connecter|nothing listens/i, hints: ['hint.tcpAddress', 'hint.power'] },
  { test: /ETIMEDOUT|timeout|délai|ne répond pas|no answer|did not answer/i, hints: ['hint.cable', 'hint.power', 'hint.baud'] },
  { test: /EHOSTUNREACH|ENETUNREACH|unreachable|injoignable/i, hints: ['hint.network'] },
  { test: /paper|papier/i, hints: ['hint.paper'] },
  { test: /cover|capot|couvercle/i, hints: ['hint.cover'] },
  { test: /baud|débit|checksum|BCC|frame|trame/i, hints: ['hint.baud'] },
  { test: /busy|EBUSY|occupé|in use/i, hints: ['hint.busy'] },
];

/** Hints, most specific first, without repeats; the role's usual suspects when the words say nothing known. */
export function deviceHints(role: DeviceRole, transport: DeviceTransport, message: string): MessageKey[] {
  const out: MessageKey[] = [];
  const push = (k: MessageKey) => {
    if (!out.includes(k)) out.push(k);
  };
  for (const rule of RULES) if (rule.test.test(message)) rule.hints.forEach(push);
  if (transport === 'serial' || transport === 'usb') {
    push('hint.cable');
    push('hint.port');
    push('hint.permissions');
    push('hint.baud');
  } else if (transport === 'tcp') {
    push('hint.tcpAddress');
    push('hint.network');
  }
  if (role === 'printer') {
    push('hint.paper');
    push('hint.cover');
  }
  if (role === 'mcf') push('hint.power');
  return out;
}
