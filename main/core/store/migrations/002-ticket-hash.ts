// Migration 2: drafts remember a hash of the ticket they came from, so a retried checkout is recognised.
import type { Migration } from './types';

export const migration002: Migration = {
  version: 2,
  name: 'ticket-hash',
  sql: `
-- SHA-256 of the RFC 8785 form of the ticket (without its client_invoice_id): same id + same ticket = a replay,
-- same id + another ticket = a conflict. Older drafts have none and are never replayed.
ALTER TABLE drafts ADD COLUMN ticket_hash TEXT CHECK (ticket_hash IS NULL OR length(ticket_hash) = 64);
`,
};
