// What the core's discovery (when it has one) found, read loosely into what pairDevice needs: transport, path, role guess.
import type { DeviceRole, DeviceTransport } from '../../../main/api/pos-types';

export type Candidate = { transport: DeviceTransport; path: string; baud: string; label: string; note: string; role: DeviceRole | null };

type FoundAddress =
  | { kind: 'serial'; path: string; baudRate?: number }
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'hid'; path: string }
  | { kind: 'usb'; vendorId: number; productId: number }
  | { kind: 'keyboard' };

type Problem = { message?: Record<string, string>; hint?: Record<string, string> };
type Found = { id?: string; address?: FoundAddress; roles?: DeviceRole[]; label?: string; note?: string };
export type SourceProblem = { source: string; message: string; hint: string };

/** A discovery report ({devices, sources}) as candidates and per-source problems, in the screen's language. */
export function readDiscovery(value: unknown, lang: 'fr' | 'en'): { candidates: Candidate[]; problems: SourceProblem[] } {
  const v = (typeof value === 'object' && value !== null ? value : {}) as { devices?: Found[]; sources?: Record<string, { problem?: Problem | null; misses?: { target?: string; problem?: Problem }[] }> };
  const candidates: Candidate[] = [];
  for (const d of Array.isArray(v.devices) ? v.devices : []) {
    const a = d.address;
    if (a === undefined) continue;
    const base = { label: d.label ?? d.id ?? '?', note: d.note ?? '', role: d.roles?.[0] ?? null };
    if (a.kind === 'serial') candidates.push({ ...base, transport: 'serial', path: a.path, baud: String(a.baudRate ?? 115200) });
    else if (a.kind === 'tcp') candidates.push({ ...base, transport: 'tcp', path: `${a.host}:${a.port}`, baud: '' });
    else if (a.kind === 'hid') candidates.push({ ...base, transport: 'hid', path: a.path, baud: '' });
    else if (a.kind === 'keyboard') candidates.push({ ...base, transport: 'hid', path: 'keyboard', baud: '' });
    // A bare USB device (no serial port, no HID path) cannot be opened by pairDevice: it is shown, not offered.
  }
  const problems: SourceProblem[] = [];
  for (const [source, result] of Object.entries(v.sources ?? {})) {
    const say = (key: string, p: Problem) => problems.push({ source: key, message: p.message?.[lang] ?? p.message?.fr ?? '', hint: p.hint?.[lang] ?? p.hint?.fr ?? '' });
    if (result?.problem != null) say(source, result.problem);
    // A typed network address that did not answer is named, with what to check there.
    for (const m of Array.isArray(result?.misses) ? result.misses : []) if (m.problem !== undefined) say(m.target ?? source, m.problem);
  }
  return { candidates, problems };
}

/**
 * What the technician typed to search the network: addresses, names, "a.b.c.0/24" or "a.b.c.20-40", separated by
 * spaces or commas, each optionally ending in ":port" (one port for the whole search; 9100 when none is given).
 */
export function readScanTargets(text: string): { network_hosts: string[]; network_port?: number } | { error: 'wizard.scanBad' | 'wizard.scanPorts' } {
  const entries = text.split(/[\s,;]+/).filter((e) => e !== '');
  const hosts: string[] = [];
  const ports = new Set<number>();
  for (const e of entries) {
    // "[fe80::1]:9100" names a port; a bare IPv6 address ("::1", two colons or more) does not; else "host:port".
    const bracketed = /^\[([0-9A-Fa-f:.]+)\](?::(\d{1,5}))?$/.exec(e);
    const colons = e.split(':').length - 1;
    const m = bracketed ?? (colons >= 2 ? [e, e, undefined] : /^([^:]+)(?::(\d{1,5}))?$/.exec(e));
    if (m === null || m[1] === undefined || m[1] === '') return { error: 'wizard.scanBad' };
    hosts.push(m[1]);
    if (m[2] !== undefined) ports.add(Number(m[2]));
  }
  if (ports.size > 1) return { error: 'wizard.scanPorts' };
  const [port] = [...ports];
  if (port !== undefined && (port < 1 || port > 65535)) return { error: 'wizard.scanBad' };
  return port === undefined ? { network_hosts: hosts } : { network_hosts: hosts, network_port: port };
}
