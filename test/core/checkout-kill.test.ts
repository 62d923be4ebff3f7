// Proves a checkout killed (SIGKILL) inside its transaction leaves no draft, no outbox entry and a sound database.
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { openStore } from '../../main/core/store/open-store';
import { importCatalog } from '../../main/core/catalog';
import { createCashier } from '../../main/core/cashiers';
import { saveSettings } from '../../main/core/store/settings';
import { DEMO_SETTINGS, tempDir } from '../support/core-fixtures';

const CHILD = join(import.meta.dirname, '..', 'support', 'core-kill-child.ts');

describe('a checkout killed mid-transaction', () => {
  it('leaves neither the draft nor its outbox entry once the database is re-opened', async () => {
    const dir = tempDir();
    const path = join(dir.path, 'till.db');
    const setup = openStore(path);
    saveSettings(setup.db, DEMO_SETTINGS);
    importCatalog(setup.db, [{ code: 'EAU15', name: 'EAU MINÉRALE 1.5L', type: 'BIE', tax_group: 'B', price: '464.00' }]);
    await createCashier(setup.db, { name: 'JACQUES', pin: '1234', role: 'cashier' });
    setup.close();

    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('\n')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`child exited (${code}) before freezing: ${err}`)));
    });
    // Inside its transaction the child sees its draft row; from outside nobody does. Then it is killed.
    expect(out).toContain('IN_TRANSACTION drafts=1');
    const peek = openStore(path);
    expect(peek.db.prepare('SELECT count(*) FROM drafts').pluck().get()).toBe(0);
    peek.close();
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(out).not.toContain('COMMITTED');

    const after = openStore(path);
    expect(after.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(after.db.prepare('SELECT count(*) FROM drafts').pluck().get()).toBe(0);
    expect(after.db.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(0);
    expect(after.db.prepare("SELECT count(*) FROM counters WHERE name LIKE 'invoice_number:%'").pluck().get()).toBe(0);
    after.close();
    dir.remove();
  });
});
