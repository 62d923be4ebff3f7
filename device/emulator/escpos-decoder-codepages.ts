// Character tables the emulated printer uses for bytes 80h-FFh, by ESC t number (Epson numbering), from IBM's tables.

// Upper halves as Python's cp437 / cp858 codecs give them (IBM code pages 437 and 858).
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';
const CP858_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈ€ÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0';
// Code page 850 is 858 with the dotless i where 858 put the euro sign (D5h).
const CP850_HIGH = `${CP858_HIGH.slice(0, 0x55)}ı${CP858_HIGH.slice(0x56)}`;
const WPC1252_HIGH = new TextDecoder('windows-1252').decode(Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i));

export type CodePageTable = { name: string; high: readonly string[] };

const table = (name: string, high: string): CodePageTable => {
  const chars = Array.from(high);
  if (chars.length !== 128) throw new RangeError(`code page ${name}: ${chars.length} characters, 128 expected`);
  return { name, high: chars };
};

/** ESC t n -> table; the printer emulates only these (CP858 is what our receipts select). */
export const CODE_PAGES: ReadonlyMap<number, CodePageTable> = new Map([
  [0, table('CP437', CP437_HIGH)],
  [2, table('CP850', CP850_HIGH)],
  [16, table('WPC1252', WPC1252_HIGH)],
  [19, table('CP858', CP858_HIGH)],
]);

/** One byte to its character; bytes above 7Fh in an unknown code page read as U+FFFD. */
export function byteToChar(b: number, codePage: number): string {
  if (b < 0x80) return String.fromCharCode(b);
  return CODE_PAGES.get(codePage)?.high[b - 0x80] ?? '\ufffd';
}
