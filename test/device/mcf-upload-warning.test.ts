// The C2h duty: tell the cashier when the MCF last reached the DGI, and warn past one day.
import { describe, it, expect } from 'vitest';
import { uploadWarning } from '../../device/mcf/upload-warning';

const now = new Date('2026-11-25T12:00:00+01:00');

describe('upload warning (C2h)', () => {
  it('is quiet within a day, and gives the time in Kinshasa time', () => {
    const w = uploadWarning({ sent: 49, available: 49, lastSuccess: '20261125100118', connection: 'CON' }, now);
    expect(w).toMatchObject({ level: 'ok', lastSuccess: '2026-11-25T10:01:18+01:00', pending: 0 });
    expect(w.message).toContain('25/11/2026 10:01:18');
  });
  it('warns one second past a day and counts what waits to be sent', () => {
    const w = uploadWarning({ sent: 40, available: 49, lastSuccess: '20261124115959', connection: 'DIS' }, now);
    expect(w).toMatchObject({ level: 'warn', pending: 9 });
    expect(w.message).toMatch(/plus d’un jour/);
  });
  it('exactly one day old is not yet a warning', () => {
    expect(uploadWarning({ sent: 1, available: 1, lastSuccess: '20261124120000', connection: 'DIS' }, now).level).toBe('ok');
  });
  it('warns when the device never reached the server', () => {
    expect(uploadWarning({ sent: 0, available: 3, lastSuccess: null, connection: 'DIS' }, now)).toMatchObject({ level: 'warn', pending: 3, ageMs: null });
  });
});
