// A minimal SMTP client over node:net (RFC 5321): EHLO, MAIL FROM, RCPT TO, DATA, QUIT. No STARTTLS and no AUTH:
// it is meant for a relay on loopback or a trusted LAN (a local Postfix/OpenSMTPD that does TLS onwards); sending
// across the Internet needs a TLS relay in between, and none is installed here (docs/integration-guide.md).
import { connect, type Socket } from 'node:net';
import { checkAddress } from './mime';

export type SmtpOptions = { host: string; port: number; heloName?: string; timeoutMs?: number };

export type SmtpErrorCode = 'smtp_connection' | 'smtp_timeout' | 'smtp_refused' | 'smtp_protocol';

export class SmtpError extends Error {
  readonly code: SmtpErrorCode;
  /** The server's reply code when it refused (e.g. 550), else null. */
  readonly reply: number | null;
  constructor(code: SmtpErrorCode, detail: string, reply: number | null = null) {
    super(detail);
    this.name = 'SmtpError';
    this.code = code;
    this.reply = reply;
  }
}

export type SmtpReply = { code: number; lines: string[] };
export type SmtpResult = { accepted: string[]; reply: SmtpReply };

/** Reads replies line by line; a reply ends on a line "NNN " (multi-line ones use "NNN-"). */
function replyReader(socket: Socket) {
  let buffer = '';
  let lines: string[] = [];
  const ready: SmtpReply[] = [];
  let waiter: { resolve: (r: SmtpReply) => void; reject: (e: Error) => void } | null = null;
  let failure: Error | null = null;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    let at: number;
    while ((at = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, at);
      buffer = buffer.slice(at + 2);
      const m = /^(\d{3})([ -])(.*)$/.exec(line);
      if (!m) {
        fail(new SmtpError('smtp_protocol', `Not an SMTP reply line: ${line.slice(0, 80)}`));
        return;
      }
      lines.push(m[3] ?? '');
      if (m[2] === ' ') {
        const reply = { code: Number(m[1]), lines };
        lines = [];
        if (waiter) {
          const w = waiter;
          waiter = null;
          w.resolve(reply);
        } else ready.push(reply);
      }
    }
  });
  const fail = (err: Error) => {
    failure ??= err;
    if (waiter) {
      const w = waiter;
      waiter = null;
      w.reject(err);
    }
  };
  socket.on('error', (err) => fail(new SmtpError('smtp_connection', `SMTP connection failed: ${err.message}`)));
  socket.on('close', () => fail(new SmtpError('smtp_connection', 'The SMTP server closed the connection.')));
  return {
    next: (): Promise<SmtpReply> => {
      const r = ready.shift();
      if (r) return Promise.resolve(r);
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        waiter = { resolve, reject };
      });
    },
    fail,
  };
}

/** Dot-stuffing (RFC 5321 §4.5.2) and CRLF line ends; the message must not carry the final "." itself. */
export function dataBlock(message: string): string {
  const body = message.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
  return `${body.endsWith('\r\n') ? body : `${body}\r\n`}.\r\n`;
}

/** Sends one message to every recipient; throws SmtpError unless the server accepted it for delivery (250 after DATA). */
export async function sendMail(o: SmtpOptions, envelope: { from: string; to: readonly string[] }, message: string): Promise<SmtpResult> {
  checkAddress(envelope.from);
  envelope.to.forEach(checkAddress);
  const socket = connect({ host: o.host, port: o.port });
  const reader = replyReader(socket);
  socket.setTimeout(o.timeoutMs ?? 15_000, () => {
    reader.fail(new SmtpError('smtp_timeout', `The SMTP server at ${o.host}:${o.port} did not answer in time.`));
    socket.destroy();
  });
  const expect = async (step: string, ok: (code: number) => boolean): Promise<SmtpReply> => {
    const r = await reader.next();
    if (!ok(r.code)) throw new SmtpError('smtp_refused', `SMTP ${step} refused: ${r.code} ${r.lines.join(' ')}`, r.code);
    return r;
  };
  const command = (line: string) => socket.write(`${line}\r\n`);
  try {
    await expect('greeting', (c) => c === 220);
    command(`EHLO ${o.heloName ?? 'stalela.localhost'}`);
    await expect('EHLO', (c) => c === 250);
    command(`MAIL FROM:<${envelope.from}>`);
    await expect('MAIL FROM', (c) => c === 250);
    const accepted: string[] = [];
    for (const rcpt of envelope.to) {
      command(`RCPT TO:<${rcpt}>`);
      await expect(`RCPT TO ${rcpt}`, (c) => c === 250 || c === 251);
      accepted.push(rcpt);
    }
    command('DATA');
    await expect('DATA', (c) => c === 354);
    socket.write(dataBlock(message));
    const reply = await expect('message', (c) => c === 250);
    command('QUIT');
    await reader.next().catch(() => undefined);
    return { accepted, reply };
  } finally {
    socket.destroy();
  }
}
