// Every route of the cloud API v1 (docs/CONTRACT.md) and the client method that calls it; a test checks that each
// operation of the server's /v1/openapi.json is listed here.

export type Operation = { method: 'GET' | 'POST'; path: string };

export const OPERATIONS = {
  createMerchant: { method: 'POST', path: '/v1/merchants' },
  createOutlet: { method: 'POST', path: '/v1/merchants/{id}/outlets' },
  createApiKey: { method: 'POST', path: '/v1/api-keys' },
  sealInvoice: { method: 'POST', path: '/v1/invoices' },
  getInvoice: { method: 'GET', path: '/v1/invoices/{client_invoice_id}' },
  createCredential: { method: 'POST', path: '/v1/credentials' },
  returnCredential: { method: 'POST', path: '/v1/credentials/{id}/return' },
  reconcile: { method: 'POST', path: '/v1/reconciliations' },
  ledger: { method: 'GET', path: '/v1/outlets/{id}/ledger' },
  auditExport: { method: 'GET', path: '/v1/outlets/{id}/audit-export' },
  keys: { method: 'GET', path: '/v1/keys' },
  xReport: { method: 'GET', path: '/v1/outlets/{id}/reports/x' },
  zReport: { method: 'POST', path: '/v1/outlets/{id}/reports/z' },
  aReport: { method: 'GET', path: '/v1/outlets/{id}/reports/a' },
  createWebhook: { method: 'POST', path: '/v1/webhooks' },
  webhookDeadLetters: { method: 'GET', path: '/v1/webhooks/dead-letters' },
  replayDeadLetter: { method: 'POST', path: '/v1/webhooks/dead-letters/{id}/replay' },
  dgiSync: { method: 'GET', path: '/v1/outlets/{id}/dgi-sync' },
  openApi: { method: 'GET', path: '/v1/openapi.json' },
  health: { method: 'GET', path: '/healthz' },
  metrics: { method: 'GET', path: '/metrics' },
} as const satisfies Record<string, Operation>;

export type OperationName = keyof typeof OPERATIONS;

/** A path with its {placeholders} filled, each value URL-encoded. */
export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/\{([a-z_]+)\}/g, (_m, name: string) => {
    const v = params[name];
    if (v === undefined) throw new TypeError(`missing path parameter ${name}`);
    return encodeURIComponent(v);
  });
}

/** "METHOD /path/{}" with placeholder names erased, so two spellings of the same route compare equal. */
export const routeShape = (method: string, path: string) => `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{}')}`;
