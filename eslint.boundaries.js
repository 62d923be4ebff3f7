// Import boundaries: which folder may import which, as docs/ARCHITECTURE.md draws the dependency arrows.
// fiscal → nothing of ours, no Node, no globals of Node (runs in the browser and the verifier);
// documents → fiscal (pure renderers: the PDF writer, the invoice/receipt/report PDFs, the QR matrix; no I/O, no Node
// module but node:zlib's deflate, the qrcode package); device → fiscal, documents; server → fiscal, documents;
// main core → fiscal, device, documents (its demo also starts the server); renderer → fiscal and the PosApi types;
// sdk → fiscal; only main/shell and preload may import 'electron'.
import { builtinModules } from 'node:module';

const NODE_BUILTINS = [...new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))];
const layer = (name) => ({ regex: `(^|/)${name}(/|$)`, message: `This layer may not import ${name}/ (docs/ARCHITECTURE.md).` });
const ELECTRON = { name: 'electron', message: "Only main/shell and preload import 'electron'." };
const NATIVE = ['better-sqlite3', 'pg', 'serialport', 'node-hid', 'usb', 'pkcs11js', 'fastify'];

const restrict = (files, { layers = [], paths = [], patterns = [], ignores = [] }) => ({
  files,
  ignores,
  rules: {
    'no-restricted-imports': ['error', { paths, patterns: [...layers.map(layer), ...patterns] }],
  },
});

export const boundaryConfigs = [
  restrict(['fiscal/**/*.{ts,tsx}'], {
    layers: ['server', 'main', 'device', 'renderer', 'preload', 'test', 'documents'],
    paths: [ELECTRON, ...[...NODE_BUILTINS, ...NATIVE].map((name) => ({ name, message: 'fiscal/ is pure: no I/O, no Node modules.' }))],
  }),
  {
    files: ['fiscal/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-globals': ['error',
        ...['Buffer', 'process', 'require', '__dirname', '__filename', 'setImmediate'].map((name) => ({ name, message: 'fiscal/ is pure and runs in the browser.' }))],
    },
  },
  restrict(['documents/**/*.{ts,tsx}'], {
    layers: ['server', 'main', 'device', 'renderer', 'preload', 'test', 'sdk'],
    paths: [ELECTRON, ...[...NODE_BUILTINS.filter((m) => m !== 'zlib' && m !== 'node:zlib'), ...NATIVE].map((name) => ({ name, message: 'documents/ renders bytes only: no I/O, no Node module but node:zlib.' }))],
  }),
  restrict(['device/**/*.{ts,tsx}'], { layers: ['server', 'main', 'renderer', 'preload'], paths: [ELECTRON] }),
  restrict(['server/**/*.{ts,tsx}'], { layers: ['device', 'main', 'renderer', 'preload'], paths: [ELECTRON] }),
  restrict(['main/**/*.{ts,tsx}'], { layers: ['renderer', 'preload'], patterns: [{ regex: '(^|/)server(/|$)', message: 'Only main/demo starts the server; the core talks to it over HTTP.' }], paths: [ELECTRON], ignores: ['main/shell/**', 'main/demo/**'] }),
  restrict(['main/shell/**/*.{ts,tsx}'], { layers: ['renderer', 'preload', 'server'] }),
  restrict(['main/demo/**/*.{ts,tsx}'], { layers: ['renderer', 'preload'], paths: [ELECTRON] }),
  restrict(['renderer/**/*.{ts,tsx}'], {
    layers: ['server', 'device', 'preload', 'documents'],
    patterns: [{ regex: '(^|/)main/(?!api/)', message: 'renderer/ talks to window.pos only: it may import the PosApi types (main/api), nothing else of main/.' }],
    paths: [ELECTRON, ...[...NODE_BUILTINS, ...NATIVE].map((name) => ({ name, message: 'renderer/ runs in the browser.' }))],
  }),
  restrict(['sdk/**/*.{ts,tsx}', 'examples/**/*.{ts,tsx}'], {
    layers: ['server', 'main', 'device', 'renderer', 'preload', 'documents'],
    paths: [ELECTRON, ...NATIVE.map((name) => ({ name, message: 'The SDK runs in Node and browsers: fetch only.' }))],
  }),
  restrict(['preload/**/*.{ts,tsx}'], { layers: ['server', 'device', 'renderer', 'fiscal', 'documents'], patterns: [{ regex: '(^|/)main/(?!api/)', message: 'preload exposes the PosApi only.' }] }),
];
