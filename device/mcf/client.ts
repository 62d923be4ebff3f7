// Typed MCF calls over a driver: encode the request, send, decode the answer, and turn a refusal into MCF_REFUSED.
import type { Minor } from '../../fiscal/money';
import { DeviceError } from '../errors';
import {
  MCF_COMMANDS, commandLabel, decodeClientAnswer, decodeCommentAnswer, decodeFinalizeAnswer, decodeItemAnswer, decodeOpenInvoiceAnswer,
  decodePaymentAnswer, decodeStateAnswer, decodeSubtotalAnswer, decodeTaxpayerAnswer, decodeUploadStatusAnswer, encodeClientRequest,
  encodeCommentRequest, encodeFinalizeRequest, encodeItemRequest, encodeOpenInvoiceRequest, encodePaymentRequest, encodeTaxpayerRequest,
  encodeUploadStatusRequest, type CommentRequest, type FinalizeAnswer, type ItemAnswer, type ItemRequest, type McfClient as McfBuyer,
  type McfResult, type McfState, type McfUploadStatus, type OpenInvoiceAnswer, type OpenInvoiceRequest, type PaymentRequest,
  type SubtotalAnswer, type TaxpayerField,
} from './commands';
import type { McfAnswer, McfDriver } from './driver';
import { activeFlags, type McfStatus } from './status';

export type McfClient = {
  readonly driver: McfDriver;
  /** Status bytes of the last answer (null before the first). */
  readonly lastStatus: McfStatus | null;
  state(): Promise<McfState>;
  uploadStatus(): Promise<McfUploadStatus>;
  restart(): Promise<McfUploadStatus>;
  taxpayerInfo(field: TaxpayerField): Promise<string>;
  setClient(client: McfBuyer | null): Promise<void>;
  openInvoice(request: OpenInvoiceRequest): Promise<OpenInvoiceAnswer>;
  addItem(item: ItemRequest): Promise<ItemAnswer>;
  subtotal(): Promise<SubtotalAnswer>;
  /** Returns the balance after this payment: negative while something remains, positive for change. */
  pay(payment: PaymentRequest): Promise<Minor>;
  readComment(line: CommentRequest['line']): Promise<string>;
  writeComment(line: CommentRequest['line'], content: string): Promise<void>;
  /** Sealing answers R:, E: or P: as they come; the caller decides what each means. */
  finalize(total: Minor, vat: Minor, expectedNumber?: string): Promise<FinalizeAnswer>;
  cancel(): Promise<FinalizeAnswer>;
};

function refusal(cmd: number, message: string, status: McfStatus): DeviceError {
  const label = commandLabel(cmd);
  return new DeviceError('MCF_REFUSED', `The MCF refused ${label}: ${message || activeFlags(status).join(', ') || 'no reason given'}.`, {
    details: { command: label, deviceMessage: message, status },
  });
}

/** For answers that have no error form of their own (C1h, C2h, 2Bh, 33h), the status bits say whether it was refused. */
function checkPlain(a: McfAnswer): McfAnswer {
  const s = a.status;
  if (a.text.startsWith('E:') || s.syntaxError || s.invalidCommand || s.commandForbidden) {
    throw refusal(a.cmd, a.text.startsWith('E:') ? a.text.slice(2) : '', s);
  }
  return a;
}

function valueOf<T>(a: McfAnswer, result: McfResult<T>): T {
  if (!result.ok) throw refusal(a.cmd, result.message, a.status);
  return result.value;
}

export function createMcfClient(driver: McfDriver): McfClient {
  let lastStatus: McfStatus | null = null;
  const call = async (cmd: number, data: string): Promise<McfAnswer> => {
    const answer = await driver.send(cmd, data);
    lastStatus = answer.status;
    return answer;
  };
  const C = MCF_COMMANDS;
  return {
    driver,
    get lastStatus() {
      return lastStatus;
    },
    async state() {
      return decodeStateAnswer(checkPlain(await call(C.state, '')).text);
    },
    async uploadStatus() {
      return decodeUploadStatusAnswer(checkPlain(await call(C.uploadStatus, encodeUploadStatusRequest('read'))).text);
    },
    async restart() {
      return decodeUploadStatusAnswer(checkPlain(await call(C.uploadStatus, encodeUploadStatusRequest('restart'))).text);
    },
    async taxpayerInfo(field) {
      return decodeTaxpayerAnswer(checkPlain(await call(C.taxpayerInfo, encodeTaxpayerRequest(field))).text);
    },
    async setClient(client) {
      const a = await call(C.client, encodeClientRequest(client));
      valueOf(a, decodeClientAnswer(a.text));
    },
    async openInvoice(request) {
      const a = await call(C.openInvoice, encodeOpenInvoiceRequest(request));
      return valueOf(a, decodeOpenInvoiceAnswer(a.text));
    },
    async addItem(item) {
      const a = await call(C.item, encodeItemRequest(item));
      return valueOf(a, decodeItemAnswer(a.text));
    },
    async subtotal() {
      return decodeSubtotalAnswer(checkPlain(await call(C.subtotal, '')).text);
    },
    async pay(payment) {
      const a = await call(C.payment, encodePaymentRequest(payment));
      return valueOf(a, decodePaymentAnswer(a.text));
    },
    async readComment(line) {
      const request = { line };
      const a = await call(C.comment, encodeCommentRequest(request));
      return valueOf(a, decodeCommentAnswer(request, a.text));
    },
    async writeComment(line, content) {
      const request = { line, content };
      const a = await call(C.comment, encodeCommentRequest(request));
      valueOf(a, decodeCommentAnswer(request, a.text));
    },
    async finalize(total, vat, expectedNumber) {
      const a = await call(C.finalize, encodeFinalizeRequest({ kind: 'seal', total, vat }));
      return decodeFinalizeAnswer(a.text, expectedNumber);
    },
    async cancel() {
      const a = await call(C.finalize, encodeFinalizeRequest({ kind: 'cancel' }));
      return decodeFinalizeAnswer(a.text);
    },
  };
}
