// The two catalogues agree key for key and placeholder for placeholder; device failures point to the right checks.
import { describe, expect, it } from 'vitest';
import { en } from '../../../renderer/src/i18n/en';
import { fr } from '../../../renderer/src/i18n/fr';
import { translate } from '../../../renderer/src/i18n/i18n-context';
import { deviceHints } from '../../../renderer/src/devices/device-hints';
import { readDiscovery, readScanTargets } from '../../../renderer/src/devices/found-devices';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the French and English catalogues', () => {
  it('hold the same keys, none empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
    for (const [k, v] of Object.entries({ ...fr, ...en })) expect(v.trim(), k).not.toBe('');
  });

  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(fr) as (keyof typeof fr)[]) expect(placeholders(en[key]), key).toEqual(placeholders(fr[key]));
  });

  it('fill placeholders and leave an unknown one visible', () => {
    expect(translate('fr', 'banner.waiting', { n: 3 })).toBe('3 vente(s) en attente de signature');
    expect(translate('en', 'banner.waiting', {})).toBe('{n} sale(s) waiting for a signature');
  });

  it('keep the words printed on paper in French in both (the receipt is a DGI document)', () => {
    for (const key of Object.keys(fr).filter((k) => k.startsWith('receipt.type.') || k.startsWith('receipt.method.')) as (keyof typeof fr)[]) {
      expect(en[key], key).toBe(fr[key]);
    }
  });
});

describe('deviceHints', () => {
  it('points a denied serial port to permissions (udev, dialout) first', () => {
    expect(deviceHints('mcf', 'serial', 'Error: EACCES: permission denied, open /dev/ttyUSB0')[0]).toBe('hint.permissions');
  });

  it('points a missing port to the port and the cable, and an MCF that does not answer to cable, power and baud rate', () => {
    expect(deviceHints('mcf', 'serial', 'ENOENT: no such file or directory, /dev/ttyUSB3').slice(0, 2)).toEqual(['hint.port', 'hint.cable']);
    expect(deviceHints('mcf', 'serial', 'Le MCF ne répond pas : timeout')).toEqual(expect.arrayContaining(['hint.cable', 'hint.power', 'hint.baud']));
  });

  it('names paper and cover for a printer that reports them', () => {
    expect(deviceHints('printer', 'tcp', 'Plus de papier')[0]).toBe('hint.paper');
    expect(deviceHints('printer', 'tcp', 'cover open')[0]).toBe('hint.cover');
    expect(deviceHints('printer', 'tcp', 'Could not connect to 127.0.0.1:9100')).toEqual(expect.arrayContaining(['hint.tcpAddress', 'hint.paper', 'hint.cover']));
  });
});

describe('readDiscovery', () => {
  it('turns a discovery report into pairable candidates and per-source problems in the screen language', () => {
    const report = {
      devices: [
        { id: 'serial:/dev/ttyUSB0', address: { kind: 'serial', path: '/dev/ttyUSB0' }, roles: ['mcf'], label: 'FTDI', note: 'candidat MCF' },
        { id: 'tcp:10.0.0.5:9100', address: { kind: 'tcp', host: '10.0.0.5', port: 9100 }, roles: ['printer'], label: 'Epson' },
        { id: 'usb:04b8:0202', address: { kind: 'usb', vendorId: 0x4b8, productId: 0x202 }, roles: ['printer'], label: 'USB only' },
      ],
      sources: { usb: { problem: { message: { fr: 'Accès refusé', en: 'Access denied' }, hint: { fr: 'règle udev', en: 'udev rule' } } }, serial: { problem: null } },
    };
    const read = readDiscovery(report, 'en');
    expect(read.candidates.map((c) => [c.transport, c.path, c.role, c.baud])).toEqual([['serial', '/dev/ttyUSB0', 'mcf', '115200'], ['tcp', '10.0.0.5:9100', 'printer', '']]);
    expect(read.problems).toEqual([{ source: 'usb', message: 'Access denied', hint: 'udev rule' }]);
    expect(readDiscovery(null, 'fr')).toEqual({ candidates: [], problems: [] });
  });

  it('names each typed network address that did not answer, with what to check', () => {
    const miss = { target: '10.0.0.9:9100', problem: { message: { fr: 'Rien n’écoute', en: 'Nothing listens' }, hint: { fr: 'Allumée ?', en: 'On?' } } };
    const read = readDiscovery({ devices: [], sources: { network: { problem: null, misses: [miss] } } }, 'fr');
    expect(read.problems).toEqual([{ source: '10.0.0.9:9100', message: 'Rien n’écoute', hint: 'Allumée ?' }]);
  });
});

describe('readScanTargets', () => {
  it('reads addresses, ranges and one optional port from what the technician typed', () => {
    expect(readScanTargets('')).toEqual({ network_hosts: [] });
    expect(readScanTargets(' 192.168.1.0/24, 10.0.0.20-40 ')).toEqual({ network_hosts: ['192.168.1.0/24', '10.0.0.20-40'] });
    expect(readScanTargets('192.168.1.50:9101 imprimante.local')).toEqual({ network_hosts: ['192.168.1.50', 'imprimante.local'], network_port: 9101 });
    expect(readScanTargets('10.0.0.1:1 10.0.0.2:2')).toEqual({ error: 'wizard.scanPorts' });
    expect(readScanTargets('10.0.0.1:99999')).toEqual({ error: 'wizard.scanBad' });
    // IPv6: bare addresses carry no port; brackets give one.
    expect(readScanTargets('::1 fe80::1 192.168.1.50')).toEqual({ network_hosts: ['::1', 'fe80::1', '192.168.1.50'] });
    expect(readScanTargets('[::1]:9101')).toEqual({ network_hosts: ['::1'], network_port: 9101 });
    expect(readScanTargets('10.0.0.0/24:9100 10.0.1.20-40')).toEqual({ network_hosts: ['10.0.0.0/24', '10.0.1.20-40'], network_port: 9100 });
    expect(readScanTargets('host:abc')).toEqual({ error: 'wizard.scanBad' });
  });
});
