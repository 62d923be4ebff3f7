// Every MCF command's codecs in one import: requests and answers, both directions (SFE and device side).
export * from './commands/codes';
export * from './commands/common';
export * from './commands/state';
export * from './commands/client';
export * from './commands/open-invoice';
export * from './commands/item';
export * from './commands/subtotal';
export * from './commands/payment';
export * from './commands/comment';
export * from './commands/finalize';
export * from './commands/qr';
