// A small MIME reader for the delivery tests, written apart from server/delivery/mime.ts so it checks the writer.
import { expect } from 'vitest';

export type Part = { headers: Record<string, string>; body: string };

/** A small MIME reader, independent of the writer: headers unfolded, multipart split on the declared boundary. */
export function parseMime(raw: string): Part & { parts: Part[] } {
  const split = (text: string): Part => {
    const at = text.indexOf('\r\n\r\n');
    const headers: Record<string, string> = {};
    for (const line of text.slice(0, at).replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    return { headers, body: text.slice(at + 4) };
  };
  const top = split(raw);
  const boundary = /boundary="([^"]+)"/.exec(top.headers['content-type'] ?? '')?.[1];
  if (!boundary) throw new Error('no boundary');
  const chunks = top.body.split(`--${boundary}`);
  expect(chunks.at(-1)?.startsWith('--')).toBe(true);
  const parts = chunks.slice(1, -1).map((c) => split(c.replace(/^\r\n/, '').replace(/\r\n$/, '')));
  return { ...top, parts };
}
export const unbase64 = (s: string) => new Uint8Array(Buffer.from(s.replace(/\r\n/g, ''), 'base64'));
