// Proves the import-boundary lint rejects forbidden imports and accepts the allowed directions.
import { describe, it, expect } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals')
    .map((m) => m.message);
}

describe('import boundaries', () => {
  const forbidden: [string, string][] = [
    ['fiscal/planted.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;"],
    ['fiscal/planted.ts', "import fs from 'fs';\nexport const x = fs;"],
    ['fiscal/planted.ts', "import { x } from '../device/printer/escpos';\nexport const y = x;"],
    ['fiscal/planted.ts', "import Database from 'better-sqlite3';\nexport const y = Database;"],
    ['fiscal/planted.ts', 'export const y = Buffer.from("a");'],
    ['renderer/src/planted.ts', "import { x } from '../../device/mcf/driver';\nexport const y = x;"],
    ['renderer/src/planted.ts', "import { x } from '../../main/core/store';\nexport const y = x;"],
    ['renderer/src/planted.ts', "import { ipcRenderer } from 'electron';\nexport const y = ipcRenderer;"],
    ['device/planted.ts', "import { x } from '../server/app';\nexport const y = x;"],
    ['server/planted.ts', "import { x } from '../device/mcf/driver';\nexport const y = x;"],
    ['main/core/planted.ts', "import { app } from 'electron';\nexport const y = app;"],
    ['main/core/planted.ts', "import { x } from '../../server/app';\nexport const y = x;"],
    ['fiscal/planted.ts', "import { x } from '../documents/receipt-pdf';\nexport const y = x;"],
    ['documents/planted.ts', "import { x } from '../device/printer/escpos';\nexport const y = x;"],
    ['documents/planted.ts', "import { x } from '../server/app';\nexport const y = x;"],
    ['documents/planted.ts', "import { x } from '../main/core/store';\nexport const y = x;"],
    ['documents/planted.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;"],
    ['documents/planted.ts', "import { connect } from 'node:net';\nexport const x = connect;"],
    ['renderer/src/planted.ts', "import { x } from '../../documents/receipt-pdf';\nexport const y = x;"],
    ['sdk/planted.ts', "import { x } from '../documents/receipt-pdf';\nexport const y = x;"],
  ];
  for (const [file, code] of forbidden) {
    it(`rejects in ${file}: ${code.split('\n')[0]}`, async () => {
      expect((await boundaryErrors(file, code)).length).toBeGreaterThan(0);
    });
  }

  const allowed: [string, string][] = [
    ['device/planted.ts', "import { x } from '../fiscal/money';\nexport const y = x;"],
    ['server/planted.ts', "import { x } from '../fiscal/money';\nexport const y = x;"],
    ['renderer/src/planted.ts', "import type { PosApi } from '../../main/api/pos-api';\nexport type Y = PosApi;"],
    ['main/shell/planted.ts', "import { app } from 'electron';\nexport const y = app;"],
    ['main/core/planted.ts', "import { x } from '../../device/mcf/driver';\nexport const y = x;"],
    ['documents/planted.ts', "import { x } from '../fiscal/money';\nexport const y = x;"],
    ['documents/planted.ts', "import { deflateSync } from 'node:zlib';\nexport const y = deflateSync;"],
    ['documents/planted.ts', "import QRCode from 'qrcode';\nexport const y = QRCode;"],
    ['server/planted.ts', "import { x } from '../documents/receipt-pdf';\nexport const y = x;"],
    ['device/planted.ts', "import { x } from '../documents/pdf-writer';\nexport const y = x;"],
    ['main/core/planted.ts', "import { x } from '../../documents/receipt-pdf';\nexport const y = x;"],
  ];
  for (const [file, code] of allowed) {
    it(`accepts in ${file}: ${code.split('\n')[0]}`, async () => {
      expect(await boundaryErrors(file, code)).toEqual([]);
    });
  }
});
