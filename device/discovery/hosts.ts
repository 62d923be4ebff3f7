// What the technician types to find a network printer, turned into hosts: "192.168.1.50", "192.168.1.0/24", "10.0.0.20-40".
import { isIP } from 'node:net';
import { isUsableHost } from './network-probe';
import { problem, type DeviceProblem } from './problem';

/** A shop network is a /24; a /22 (1,022 hosts) is the most one search probes, so a typo cannot start a huge scan. */
export const MAX_HOSTS_PER_TARGET = 1022;

export type ExpandedTarget = { target: string; hosts: string[]; isRange: boolean } | { target: string; problem: DeviceProblem };

const toInt = (ip: string): number => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
const toIp = (n: number): string => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

export function expandTarget(raw: string): ExpandedTarget {
  const target = raw.trim();
  const bad = (detail: string): ExpandedTarget => ({ target, problem: problem('NETWORK_BAD_ADDRESS', 'network', target, detail) });
  const cidr = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(target);
  if (cidr !== null) {
    const [, ip = '', bitsText = ''] = cidr;
    const bits = Number(bitsText);
    if (isIP(ip) !== 4 || bits > 32) return bad('not an IPv4 network');
    const size = 2 ** (32 - bits);
    // Network and broadcast addresses hold no printer, except in /31 and /32.
    const hostCount = size <= 2 ? size : size - 2;
    if (hostCount > MAX_HOSTS_PER_TARGET) return bad(`a /${bits} holds ${hostCount} hosts, more than ${MAX_HOSTS_PER_TARGET}`);
    const first = Math.floor(toInt(ip) / size) * size + (size <= 2 ? 0 : 1);
    return { target, isRange: true, hosts: Array.from({ length: hostCount }, (_, i) => toIp(first + i)) };
  }
  const range = /^(\d{1,3}\.\d{1,3}\.\d{1,3}\.)(\d{1,3})-(\d{1,3})$/.exec(target);
  if (range !== null) {
    const [, prefix = '', fromText = '', toText = ''] = range;
    const from = Number(fromText);
    const to = Number(toText);
    if (isIP(`${prefix}${from}`) !== 4 || isIP(`${prefix}${to}`) !== 4 || to < from) return bad('not an IPv4 range a.b.c.x-y');
    return { target, isRange: true, hosts: Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`) };
  }
  if (isUsableHost(target)) return { target, isRange: false, hosts: [target] };
  return bad('neither an IP address, a host name, a /n network nor a range');
}

/** Every target expanded, duplicates dropped, bad targets reported beside. */
export function expandTargets(targets: readonly string[]): { hosts: string[]; namedHosts: Set<string>; problems: DeviceProblem[] } {
  const hosts: string[] = [];
  const seen = new Set<string>();
  // Hosts typed one by one: when they do not answer, the wizard says why for each; a range only counts its misses.
  const namedHosts = new Set<string>();
  const problems: DeviceProblem[] = [];
  for (const raw of targets.flatMap((t) => t.split(/[\s,;]+/)).filter((t) => t !== '')) {
    const e = expandTarget(raw);
    if ('problem' in e) {
      problems.push(e.problem);
      continue;
    }
    for (const h of e.hosts) {
      if (!e.isRange) namedHosts.add(h);
      if (seen.has(h)) continue;
      seen.add(h);
      hosts.push(h);
    }
  }
  return { hosts, namedHosts, problems };
}
