// Benchmark: the 9100 probe and a /24-sized scan on loopback, a full local discovery, health checks, HID framing and scan assembly.
import { discoverDevices } from '../../device/discovery/discover';
import { probeHosts, probeNetworkPrinter } from '../../device/discovery/network-probe';
import { createMcfEmulator, listenMcfTcp } from '../../device/emulator/mcf-emulator';
import { createPrinterEmulator } from '../../device/emulator/printer';
import { checkHealth } from '../../device/health';
import { createScanAssembler, honeywellReports } from '../../device/hid/hid-pos-scanner';
import { hidFrames } from '../../device/hid/hid-transport';
import { opsPerSecond, percentile } from './measure';

async function latencies(label: string, n: number, fn: () => Promise<unknown>): Promise<void> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  console.log(`${label}: p50 ${percentile(ms, 50).toFixed(2)} ms, p95 ${percentile(ms, 95).toFixed(2)} ms (${n} runs)`);
}

export async function run(): Promise<void> {
  const printer = createPrinterEmulator();
  const { port } = await printer.listenTcp(0);
  const mcf = createMcfEmulator();
  const mcfListener = await listenMcfTcp(mcf, { port: 0 });
  try {
    await latencies('probe 127.0.0.1:9100-style (connect + DLE EOT 1)', 200, () => probeNetworkPrinter({ host: '127.0.0.1', port }));

    // 254 loopback hosts where only one printer listens: what a shop /24 search costs when every miss is refused.
    const hosts = Array.from({ length: 254 }, (_, i) => `127.0.1.${i + 1}`);
    hosts[99] = '127.0.0.1';
    const t = performance.now();
    const found = (await probeHosts(hosts, { port, concurrency: 64 })).filter((p) => p.answersStatus).length;
    console.log(`scan of 254 hosts, 64 at a time: ${(performance.now() - t).toFixed(0)} ms, ${found} printer found`);

    const d = performance.now();
    const report = await discoverDevices();
    const states = Object.values(report.sources).map((s) => `${s.source} ${s.status}`).join(', ');
    console.log(`discoverDevices on this machine: ${(performance.now() - d).toFixed(0)} ms (${states})`);

    await latencies('checkHealth printer over TCP (4 status bytes)', 100, () => checkHealth({ id: 'p', role: 'printer', address: { kind: 'tcp', host: '127.0.0.1', port } }));
    await latencies('checkHealth MCF over TCP (C1h + C2h)', 100, () => checkHealth({ id: 'm', role: 'mcf', address: { kind: 'tcp', host: '127.0.0.1', port: mcfListener.port } }));

    const frames = hidFrames({ framing: 'length-byte' });
    const receipt = new Uint8Array(2048).fill(0x41);
    await opsPerSecond('HID length-byte encode of a 2 KiB receipt (33 reports)', () => frames.encode(receipt));
    const qr = honeywellReports('RDCDEF01;XX01710090-1;TEST2AAAAXM2ODVUHYRJDQ6TZ;A1234567B;20251125140311', ']Q1');
    const assembler = createScanAssembler();
    await opsPerSecond('HID POS scan assembly of a DGI QR (2 reports)', () => {
      for (const r of qr) assembler.push(r);
    });
  } finally {
    mcf.close();
    await mcfListener.close();
    await printer.close();
  }
}
