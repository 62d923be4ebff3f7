// The MCF command codes ("Protocoles SFE-MCF v1.0", §4.1) by name.

export const MCF_COMMANDS = {
  state: 0xc1,
  uploadStatus: 0xc2,
  taxpayerInfo: 0x2b,
  client: 0xc3,
  openInvoice: 0xc0,
  item: 0x31,
  subtotal: 0x33,
  payment: 0x35,
  comment: 0x36,
  finalize: 0x38,
} as const;

export type McfCommandName = keyof typeof MCF_COMMANDS;
export type McfCommandCode = (typeof MCF_COMMANDS)[McfCommandName];

const BY_CODE = new Map<number, McfCommandName>(Object.entries(MCF_COMMANDS).map(([n, c]) => [c, n as McfCommandName]));

export function commandName(cmd: number): McfCommandName | undefined {
  return BY_CODE.get(cmd);
}

/** "C1h" style label for messages. */
export function commandLabel(cmd: number): string {
  return `${cmd.toString(16).toUpperCase().padStart(2, '0')}h`;
}
