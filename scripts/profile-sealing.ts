// Dev aid (not in CI): `npx tsx scripts/profile-sealing.ts [n]` seals n invoices from 64 clients against a server run with
// --cpu-prof, then writes the server's CPU profile to /tmp/prof (open it in Chrome DevTools) to see where a seal's CPU goes.
import { spawn } from 'node:child_process';
import { Agent } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTenant, sealLoad } from '../test/server/load';

const dir = mkdtempSync(join(tmpdir(), 'prof-'));
const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir=/tmp/prof', '--import', 'tsx', 'server/cli/server.ts', '--port', '0', '--db', join(dir, 'b.sqlite'), '--key-file', join(dir, 'k.json'), '--log-level', 'warn'], {
  env: { ...process.env, STALELA_ADMIN_KEY: 'bench-admin-key', STALELA_KEY_PASSPHRASE: 'bench' }, stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise<string>((resolve) => {
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); const m = /listening at (http:\/\/\S+)/.exec(out); if (m) resolve(m[1] as string); });
});
const agent = new Agent({ keepAlive: true });
const tenant = await createTenant(agent, url, 'bench-admin-key', 'B1000000K');
const n = Number(process.argv[2] ?? 8000);
const r = await sealLoad(url, tenant, 'p', n, 64);
console.log(r);
agent.destroy();
child.kill('SIGINT');
await new Promise((r2) => child.once('exit', r2));
