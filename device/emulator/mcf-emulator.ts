// The emulated DGI MCF, in one import: the device, its faults and memory, and the TCP / PTY listeners.
export { createMcfEmulator, type McfEmulator, type McfEmulatorOptions, type McfEmulatorStats } from './mcf/emulator';
export { createFaultQueue, type FaultKind, type FaultTarget, type McfFault } from './mcf/faults';
export { freshState, loadState, saveState, defaultRates, type DurableState, type JournalEntry, type TaxpayerInfo } from './mcf/state';
export { canonicalContent, signatureCode, type SealedContent } from './mcf/signature';
export { es256CodeSigner, hmacCodeSigner, type CodeSigner, type Es256Source, type SealCode } from './mcf/code-signer';
export { listenMcfPty, listenMcfTcp, type PtyListener, type TcpListener } from './mcf/servers';
export { sampleInvoice, type SampleOptions } from './mcf/sample-invoice';
