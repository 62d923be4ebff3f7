// Load driver shared by the server benchmark: runs the service as its own process and seals from N keep-alive clients.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeDraft } from './fixtures';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export type RunningServer = { url: string; child: ChildProcess; stop: () => Promise<number | null>; cpuSeconds: () => number | null };

/** CPU seconds (user + system) a process has used, from /proc on Linux; null elsewhere. */
export function processCpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return null;
  }
}

/** Starts `server/cli/server.ts` in a child process and resolves with the URL it prints. */
export function spawnServer(args: string[], env: Record<string, string>): Promise<RunningServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/cli/server.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1] as string,
          child,
          cpuSeconds: () => processCpuSeconds(child.pid),
          stop: async () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${stderr}`));
    });
  });
}

export type HttpAnswer = { status: number; body: string };

export function httpCall(agent: Agent, url: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, agent, headers: { ...headers, ...(body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export type Tenant = { outletId: string; nif: string; terminalKey: string; ownerKey: string };

/** Creates a merchant, an outlet and a terminal key through the API with the admin key. */
export async function createTenant(agent: Agent, url: string, adminKey: string, nif: string): Promise<Tenant> {
  const auth = (k: string) => ({ authorization: `Bearer ${k}` });
  const m = JSON.parse((await httpCall(agent, url, 'POST', '/v1/merchants', auth(adminKey), JSON.stringify({ nif, name: 'Bench shop' }))).body);
  const o = JSON.parse((await httpCall(agent, url, 'POST', `/v1/merchants/${m.id}/outlets`, auth(adminKey), JSON.stringify({ name: 'Till' }))).body);
  const k = JSON.parse((await httpCall(agent, url, 'POST', '/v1/api-keys', auth(adminKey), JSON.stringify({ merchant_id: m.id, outlet_id: o.id, role: 'terminal' }))).body);
  const w = JSON.parse((await httpCall(agent, url, 'POST', '/v1/api-keys', auth(adminKey), JSON.stringify({ merchant_id: m.id, role: 'owner' }))).body);
  return { outletId: o.id, nif, terminalKey: k.key, ownerKey: w.key };
}

export type LoadResult = { sealed: number; seconds: number; perSecond: number; p50: number; p99: number; max: number; errors: number };

/** `concurrency` clients seal `total` prebuilt drafts as fast as answers come back; latencies in ms. */
export async function sealLoad(url: string, tenant: Tenant, prefix: string, total: number, concurrency: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const issuedAt = new Date().toISOString();
  const bodies = Array.from({ length: total }, (_, i) =>
    JSON.stringify(makeDraft({ outletId: tenant.outletId, nif: tenant.nif, clientInvoiceId: `${prefix}-${i}`, issuedAt })),
  );
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < total; i = next++) {
        const t = performance.now();
        const res = await httpCall(agent, url, 'POST', '/v1/invoices', { authorization: `Bearer ${tenant.terminalKey}`, 'idempotency-key': `${prefix}-${i}` }, bodies[i]);
        latencies.push(performance.now() - t);
        if (res.status !== 201) errors++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? Number.NaN;
  return { sealed: total - errors, seconds, perSecond: (total - errors) / seconds, p50: pct(50), p99: pct(99), max: latencies.at(-1) ?? Number.NaN, errors };
}
