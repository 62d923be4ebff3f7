// Fits a layout to a paper width: every text row holds at most the columns its size allows, in CP858 characters.
import { columnsFor, type QrErrorLevel, type TextSize } from './escpos';
import type { Align, Layout, LayoutLine } from './layout-model';
import type { PaperWidth } from './paper';

/** A row as the printer will print it: text already padded for alignment, never wider than the paper. */
export type PrintRow =
  | { kind: 'text'; text: string; bold: boolean; size: TextSize }
  | { kind: 'feed'; lines: number }
  | { kind: 'qr'; payload: string; errorLevel: QrErrorLevel; moduleDots: number };

export type FittedDocument = { paper: PaperWidth; rows: PrintRow[]; cut: boolean; openDrawer: boolean };

// The upper half of code page 858 (IBM 850 with the euro sign at D5h), from Python's cp858 codec.
const CP858_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈ€ÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0';
const PRINTABLE = new Set(CP858_HIGH);

const SUBSTITUTES: Readonly<Record<string, string>> = {
  '\u2019': "'", '\u2018': "'", '\u201c': '"', '\u201d': '"', '\u2013': '-', '\u2014': '-', '\u2026': '...',
  'œ': 'oe', 'Œ': 'OE', '\u00a0': ' ', '\u202f': ' ', '\t': ' ',
};

/** Replaces what CP858 cannot print: typographic quotes and dashes by their ASCII forms, the rest by '?'. */
export function toPrintable(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFC')) {
    const sub = SUBSTITUTES[ch];
    if (sub !== undefined) out += sub;
    else if (ch >= ' ' && ch <= '~') out += ch;
    else if (PRINTABLE.has(ch)) out += ch;
    else if (ch < ' ' || ch === '\u007f') out += ' ';
    else out += '?';
  }
  return out;
}

/** Word-wraps to `width` columns; a word longer than a line is split. */
export function wrap(text: string, width: number): string[] {
  const words = text.split(' ').filter((w) => w !== '');
  const lines: string[] = [];
  let cur = '';
  for (let word of words) {
    while (word.length > width) {
      if (cur !== '') {
        lines.push(cur);
        cur = '';
      }
      lines.push(word.slice(0, width));
      word = word.slice(width);
    }
    if (word === '') continue;
    if (cur === '') cur = word;
    else if (cur.length + 1 + word.length <= width) cur += ` ${word}`;
    else {
      lines.push(cur);
      cur = word;
    }
  }
  if (cur !== '' || lines.length === 0) lines.push(cur);
  return lines;
}

function aligned(text: string, width: number, align: Align): string {
  const gap = Math.max(0, width - text.length);
  if (align === 'right') return ' '.repeat(gap) + text;
  if (align === 'center') return ' '.repeat(Math.floor(gap / 2)) + text;
  return text;
}

function textRows(text: string, width: number, align: Align, bold: boolean, size: TextSize): PrintRow[] {
  return wrap(text, width).map((line) => ({ kind: 'text', text: aligned(line, width, align), bold, size }));
}

function pairRows(left: string, right: string, width: number, bold: boolean, size: TextSize): PrintRow[] {
  if (left.length + 1 + right.length <= width) {
    return [{ kind: 'text', text: left + ' '.repeat(width - left.length - right.length) + right, bold, size }];
  }
  // Too long for one line: the label first, then the value flush right on its own line(s).
  return [...textRows(left, width, 'left', bold, size), ...textRows(right, width, 'right', bold, size)];
}

function itemRows(line: Extract<LayoutLine, { kind: 'item' }>, width: number): PrintRow[] {
  const bold = line.bold === true;
  const head = line.index === '' ? line.name : `${line.index} ${line.name}`;
  const totalCol = width >= 48 ? 11 : 10;
  const detailEnd = width - totalCol - 1;
  const total = line.total.padStart(totalCol);
  if (line.total.length <= totalCol && head.length + 2 + line.detail.length <= detailEnd) {
    const middle = line.detail.padStart(detailEnd - head.length);
    return [{ kind: 'text', text: `${head}${middle} ${total}`, bold, size: 'normal' }];
  }
  // Two lines: the name (wrapped if needed), then "qty x unit" indented with the total flush right.
  const rows = textRows(head, width, 'left', bold, 'normal');
  return [...rows, ...pairRows(`  ${line.detail}`, line.total, width, bold, 'normal')];
}

function fitLine(line: LayoutLine, paper: PaperWidth): PrintRow[] {
  switch (line.kind) {
    case 'text': {
      const size = line.size ?? 'normal';
      return textRows(toPrintable(line.text), columnsFor(paper, size), line.align, line.bold === true, size);
    }
    case 'pair': {
      const size = line.size ?? 'normal';
      return pairRows(toPrintable(line.left), toPrintable(line.right), columnsFor(paper, size), line.bold === true, size);
    }
    case 'item':
      return itemRows(
        { ...line, name: toPrintable(line.name), detail: toPrintable(line.detail), total: toPrintable(line.total) },
        columnsFor(paper),
      );
    case 'rule':
      return [{ kind: 'text', text: line.char.repeat(columnsFor(paper)), bold: false, size: 'normal' }];
    case 'blank':
      return [{ kind: 'feed', lines: line.lines ?? 1 }];
    case 'qr':
      // 6 dots per module on 58 mm, 7 on 80 mm: a version-5/6 symbol (37-41 modules) then spans about half the roll.
      return [{ kind: 'qr', payload: line.payload, errorLevel: line.errorLevel, moduleDots: paper === '58mm' ? 6 : 7 }];
  }
}

/** Every row of the layout, fitted to the paper. */
export function fitLayout(layout: Layout, paper: PaperWidth): FittedDocument {
  return { paper, rows: layout.lines.flatMap((l) => fitLine(l, paper)), cut: layout.cut, openDrawer: layout.openDrawer };
}
