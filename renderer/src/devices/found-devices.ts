// What the core's discovery (when it has one) found, read loosely into what pairDevice needs: transport, path, role guess.
import type { DeviceRole, DeviceTransport } from '../../../main/api/pos-types';

export type Candidate = { transport: DeviceTransport; path: string; baud: string; label: string; note: string; role: DeviceRole | null };

type FoundAddress =
  | { kind: 'serial'; path: string; baudRate?: number }
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'hid'; path: string }
  | { kind: 'usb'; vendorId: number; productId: number }
  | { kind: 'keyboard' };

type Found = { id?: string; address?: FoundAddress; roles?: DeviceRole[]; label?: string; note?: string };
export type SourceProblem = { source: string; message: string; hint: string };

/** A discovery report ({devices, sources}) as candidates and per-source problems, in the screen's language. */
export function readDiscovery(value: unknown, lang: 'fr' | 'en'): { candidates: Candidate[]; problems: SourceProblem[] } {
  const v = (typeof value === 'object' && value !== null ? value : {}) as { devices?: Found[]; sources?: Record<string, { problem?: { message?: Record<string, string>; hint?: Record<string, string> } | null }> };
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
    const p = result?.problem;
    if (p == null) continue;
    problems.push({ source, message: p.message?.[lang] ?? p.message?.fr ?? '', hint: p.hint?.[lang] ?? p.hint?.fr ?? '' });
  }
  return { candidates, problems };
}
