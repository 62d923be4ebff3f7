// The one catalogue of fiscal error messages, by code: French first (the till's language), English beside it.

/** A sentence in both languages of the product. */
export type LocalizedText = { fr: string; en: string };

/** Values substituted for `{name}` placeholders in a template. */
export type MessageParams = Readonly<Record<string, string | number>>;

/**
 * Templates by code. Placeholders are `{name}`; a placeholder without a value is left as written, so a
 * missing parameter shows up in review instead of silently vanishing.
 */
export const MESSAGES = {
  // Shape of the draft.
  required: { fr: 'Champ obligatoire manquant.', en: 'Required field is missing.' },
  unknown_field: { fr: 'Champ inconnu « {field} » : il n’est pas accepté.', en: 'Unknown field "{field}" is not accepted.' },
  expected_object: { fr: 'Un objet est attendu ici.', en: 'An object is expected here.' },
  expected_array: { fr: 'Une liste est attendue ici.', en: 'A list is expected here.' },
  expected_string: { fr: 'Une chaîne de caractères est attendue ici.', en: 'A string is expected here.' },
  empty: { fr: 'Ce champ ne peut pas être vide.', en: 'This field cannot be empty.' },
  too_long: { fr: '{max} caractères au plus ({actual} reçus).', en: 'At most {max} characters ({actual} given).' },
  too_long_bytes: { fr: '{max} octets UTF-8 au plus ({actual} reçus).', en: 'At most {max} UTF-8 bytes ({actual} given).' },
  bad_text: {
    fr: 'Le texte contient des caractères de contrôle ou un Unicode invalide.',
    en: 'The text holds control characters or invalid Unicode.',
  },
  not_in_list: { fr: 'Valeur non admise ; valeurs possibles : {allowed}.', en: 'Value not allowed; possible values: {allowed}.' },
  bad_id: {
    fr: 'Identifiant invalide : 1 à {max} caractères parmi A-Z a-z 0-9 _ - . :',
    en: 'Invalid identifier: 1 to {max} characters among A-Z a-z 0-9 _ - . :',
  },
  bad_nif: {
    fr: 'NIF invalide : 9 caractères, une lettre ou un chiffre, 7 chiffres, une lettre (ex. A9000011T).',
    en: 'Invalid NIF: 9 characters, a letter or digit, 7 digits, a letter (e.g. A9000011T).',
  },
  bad_amount: {
    fr: 'Montant invalide : nombre décimal positif avec exactement deux décimales (ex. 4064.00).',
    en: 'Invalid amount: a non-negative decimal with exactly two fraction digits (e.g. 4064.00).',
  },
  amount_too_large: { fr: 'Montant trop élevé : {max} au plus.', en: 'Amount too large: at most {max}.' },
  bad_quantity: {
    fr: 'Quantité invalide : nombre décimal avec trois décimales au plus (ex. 5 ou 1.250).',
    en: 'Invalid quantity: a decimal with at most three fraction digits (e.g. 5 or 1.250).',
  },
  bad_rate: {
    fr: 'Taux invalide : pourcentage avec exactement deux décimales (ex. 16.00).',
    en: 'Invalid rate: a percentage with exactly two fraction digits (e.g. 16.00).',
  },
  not_positive: { fr: 'La valeur doit être strictement positive.', en: 'The value must be greater than zero.' },
  bad_date: { fr: 'Date invalide : format AAAA-MM-JJ attendu.', en: 'Invalid date: YYYY-MM-DD expected.' },
  bad_datetime: {
    fr: 'Date et heure invalides : ISO 8601 avec fuseau attendu (ex. 2026-11-25T14:03:11+01:00).',
    en: 'Invalid date and time: ISO 8601 with an offset expected (e.g. 2026-11-25T14:03:11+01:00).',
  },
  too_few: { fr: 'Il faut au moins {min} élément(s).', en: 'At least {min} element(s) needed.' },
  too_many: { fr: '{max} éléments au plus ({actual} reçus).', en: 'At most {max} elements ({actual} given).' },
  exclusive_fields: { fr: 'Un seul de ces champs est admis : {fields}.', en: 'Only one of these fields is allowed: {fields}.' },
  duplicate_group: { fr: 'Le groupe {group} apparaît plusieurs fois.', en: 'Group {group} appears more than once.' },
  too_many_errors: {
    fr: 'Trop d’erreurs : seules les {max} premières sont rapportées.',
    en: 'Too many errors: only the first {max} are reported.',
  },
  internal: {
    fr: 'La facture n’a pas pu être lue ; elle est refusée.',
    en: 'The invoice could not be read; it is refused.',
  },

  // Invoice rules.
  reference_required: {
    fr: 'Une facture d’avoir ({type}) doit citer la facture d’origine (nature et code).',
    en: 'A credit note ({type}) must reference the original invoice (nature and code).',
  },
  reference_forbidden: {
    fr: 'Une facture de vente ({type}) ne porte pas de référence d’avoir.',
    en: 'A sale invoice ({type}) carries no credit-note reference.',
  },
  bad_dgi_code: {
    fr: 'Code DEF/DGI invalide : 24 caractères A-Z ou 0-9, sans tirets.',
    en: 'Invalid DEF/DGI code: 24 characters A-Z or 0-9, without dashes.',
  },
  rrr_code_required: {
    fr: 'Pour la nature RRR, la référence est le littéral « RRR ».',
    en: 'For nature RRR, the reference is the literal "RRR".',
  },
  rrr_code_wrong_nature: {
    fr: 'La référence « RRR » n’est admise que pour la nature RRR.',
    en: 'The reference "RRR" is only allowed with nature RRR.',
  },
  export_needs_group_e: {
    fr: 'Une facture à l’exportation ({type}) n’a que des articles du groupe E.',
    en: 'An export invoice ({type}) only has group E items.',
  },
  group_e_export_only: {
    fr: 'Le groupe E (exportation) n’est admis que sur EV, ET ou EA.',
    en: 'Group E (export) is only allowed on EV, ET or EA.',
  },
  client_nif_required: {
    fr: 'Le NIF du client est obligatoire pour une personne morale (PM).',
    en: 'The client NIF is required for a company (PM).',
  },
  group_d_needs_ao: {
    fr: 'Le groupe D (régime dérogatoire) exige un client de type AO (ambassade ou organisation internationale).',
    en: 'Group D (derogation) needs a client of type AO (embassy or international organisation).',
  },
  group_d_needs_derogation: {
    fr: 'Le groupe D exige la référence du document de dérogation de la DGI en ligne de commentaire A.',
    en: 'Group D needs the DGI derogation document reference in comment line A.',
  },
  hors_champ_group_a: {
    fr: 'Un article « HORS CHAMP » relève du groupe A.',
    en: 'An item coded "HORS CHAMP" belongs to group A.',
  },
  hors_champ_spelling: {
    fr: 'Le code hors champ s’écrit exactement « HORS CHAMP ».',
    en: 'The out-of-scope code is written exactly "HORS CHAMP".',
  },
  tax_item_group: {
    fr: 'Un article de type TAX relève du groupe L (prélèvements) ou N (TVA spécifique), pas de {group}.',
    en: 'A TAX item belongs to group L (levies) or N (specific VAT), not {group}.',
  },
  group_needs_tax_item: {
    fr: 'Le groupe {group} ne porte que des taxes : le type d’article doit être TAX.',
    en: 'Group {group} only carries taxes: the item type must be TAX.',
  },
  group_n_needs_m: {
    fr: 'Le groupe N (TVA spécifique) accompagne une vente du groupe M sur la même facture.',
    en: 'Group N (specific VAT) goes with a group M sale on the same invoice.',
  },
  price_change_pair: {
    fr: 'Le prix d’origine et la description du changement de prix vont ensemble.',
    en: 'The original price and the price-change description go together.',
  },
  usd_rate_required: {
    fr: 'Le taux du dollar (usd_rate) est obligatoire dès qu’un montant est en USD.',
    en: 'The USD rate (usd_rate) is required as soon as any amount is in USD.',
  },

  // Figures against the kernel's own computation.
  figure_mismatch: {
    fr: 'Montant différent du calcul fiscal : {expected} attendu, {actual} reçu.',
    en: 'Amount differs from the fiscal computation: {expected} expected, {actual} given.',
  },
  tax_group_missing: {
    fr: 'Le groupe {group} manque dans tax_groups.',
    en: 'Group {group} is missing from tax_groups.',
  },
  tax_group_extra: {
    fr: 'Le groupe {group} ne correspond à aucun article.',
    en: 'Group {group} matches no item.',
  },
  tax_groups_order: {
    fr: 'Les lignes de tax_groups vont dans l’ordre des groupes, de A à P.',
    en: 'The tax_groups lines go in group order, A to P.',
  },
  group_not_in_table: {
    fr: 'Le groupe {group} n’existe pas dans la table des taxes en vigueur ({table}).',
    en: 'Group {group} does not exist in the tax table in force ({table}).',
  },
  figures_unavailable: {
    fr: 'Les montants n’ont pas pu être recalculés : {reason}',
    en: 'The figures could not be recomputed: {reason}',
  },
} as const satisfies Record<string, LocalizedText>;

/** Every code the catalogue knows. */
export type MessageCode = keyof typeof MESSAGES;

function fill(template: string, params: MessageParams): string {
  return template.replace(/\{([a-z_]+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** The message of `code` in both languages, placeholders filled from `params`. */
export function renderMessage(code: MessageCode, params: MessageParams = {}): LocalizedText {
  const t = MESSAGES[code];
  return { fr: fill(t.fr, params), en: fill(t.en, params) };
}
