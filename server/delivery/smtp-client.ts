// A small SMTP client (RFC 5321): EHLO, STARTTLS (RFC 3207) or TLS from the first byte (RFC 8314), AUTH PLAIN or
// LOGIN (RFC 4954), MAIL FROM, RCPT TO, DATA, QUIT. Plain SMTP suits a relay on loopback or a trusted LAN; a
// provider's submission port (587 STARTTLS, 465 TLS) needs `tls` and `auth`. A password never crosses in clear.
import { connect, isIP, type Socket } from 'node:net';
import { rootCertificates, connect as tlsConnect, type TLSSocket } from 'node:tls';
import { checkAddress } from './mime';

export type SmtpTls = 'none' | 'starttls' | 'implicit';

export type SmtpOptions = {
  host: string;
  port: number;
  heloName?: string;
  timeoutMs?: number;
  /** 'none' (default): plain SMTP; 'starttls': upgrade after EHLO, refused if the server does not offer it; 'implicit': TLS from the start (465). */
  tls?: SmtpTls;
  /** CA certificates (PEM) trusted beside the system's roots, for a relay with its own CA. */
  ca?: string | string[];
  auth?: { user: string; pass: string };
};

export type SmtpErrorCode = 'smtp_connection' | 'smtp_timeout' | 'smtp_refused' | 'smtp_protocol' | 'smtp_tls' | 'smtp_auth';

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
function replyReader(socket: Socket | TLSSocket) {
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
  socket.on('error', (err: NodeJS.ErrnoException) => {
    // A certificate or handshake failure (implicit TLS) is a TLS problem, not a network one.
    const isTls = /CERT|SSL|TLS|SELF_SIGNED|ALTNAME|VERIFY|ISSUER/i.test(err.code ?? '');
    fail(new SmtpError(isTls ? 'smtp_tls' : 'smtp_connection', `SMTP ${isTls ? 'TLS' : 'connection'} failed: ${err.message}`));
  });
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

const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));

/** What EHLO says the server can do, as upper-case keywords ("STARTTLS", "AUTH PLAIN LOGIN" → AUTH: [PLAIN, LOGIN]). */
function extensions(ehlo: SmtpReply): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const line of ehlo.lines.slice(1)) {
    const [word = '', ...args] = line.trim().toUpperCase().split(/\s+/);
    if (word !== '') m.set(word, args);
  }
  return m;
}

/** Refuses settings that could never send safely (checked at start by the CLI, and again before each mail). */
export function checkSmtpOptions(o: Pick<SmtpOptions, 'host' | 'tls' | 'auth'>): void {
  if (o.auth !== undefined) {
    if (o.auth.user === '' || /[\r\n\0]/.test(o.auth.user) || /[\r\n\0]/.test(o.auth.pass)) {
      throw new SmtpError('smtp_auth', 'SMTP auth: the user name is empty, or the user name or password holds a line break or NUL.');
    }
    if ((o.tls ?? 'none') === 'none' && !isLoopback(o.host)) {
      throw new SmtpError('smtp_tls', `SMTP auth to ${o.host} needs tls 'starttls' or 'implicit': a password is never sent in clear beyond this machine.`);
    }
  }
}

/** Sends one message to every recipient; throws SmtpError unless the server accepted it for delivery (250 after DATA). */
export async function sendMail(o: SmtpOptions, envelope: { from: string; to: readonly string[] }, message: string): Promise<SmtpResult> {
  checkAddress(envelope.from);
  envelope.to.forEach(checkAddress);
  checkSmtpOptions(o);
  const tlsMode = o.tls ?? 'none';
  // Node's `ca` replaces the system's roots: the relay's own CA is added to them, not put in their place.
  const ca = o.ca === undefined ? undefined : [...rootCertificates, ...(Array.isArray(o.ca) ? o.ca : [o.ca])];
  const tlsOptions = { servername: isIP(o.host) === 0 ? o.host : undefined, ...(ca === undefined ? {} : { ca }) };
  const timeoutMs = o.timeoutMs ?? 15_000;
  let socket: Socket | TLSSocket = tlsMode === 'implicit' ? tlsConnect({ host: o.host, port: o.port, ...tlsOptions }) : connect({ host: o.host, port: o.port });
  let reader = replyReader(socket);
  const onTimeout = () => {
    reader.fail(new SmtpError('smtp_timeout', `The SMTP server at ${o.host}:${o.port} did not answer in time.`));
    socket.destroy();
  };
  socket.setTimeout(timeoutMs, onTimeout);
  const expect = async (step: string, ok: (code: number) => boolean, code: SmtpErrorCode = 'smtp_refused'): Promise<SmtpReply> => {
    const r = await reader.next();
    if (!ok(r.code)) throw new SmtpError(code, `SMTP ${step} refused: ${r.code} ${r.lines.join(' ')}`, r.code);
    return r;
  };
  const command = (line: string) => socket.write(`${line}\r\n`);
  const ehlo = async () => {
    command(`EHLO ${o.heloName ?? 'stalela.localhost'}`);
    return extensions(await expect('EHLO', (c) => c === 250));
  };
  try {
    await expect('greeting', (c) => c === 220);
    let can = await ehlo();
    if (tlsMode === 'starttls') {
      if (!can.has('STARTTLS')) throw new SmtpError('smtp_tls', `The SMTP server at ${o.host}:${o.port} does not offer STARTTLS; nothing was sent.`);
      command('STARTTLS');
      await expect('STARTTLS', (c) => c === 220, 'smtp_tls');
      const plain: Socket = socket as Socket;
      plain.removeAllListeners('data');
      plain.removeAllListeners('close');
      plain.removeAllListeners('error');
      plain.setTimeout(0);
      await new Promise<void>((resolve, reject) => {
        const t = tlsConnect({ socket: plain, ...tlsOptions }, () => resolve());
        // A server that said 220 and then never answers the handshake must not hold the caller forever.
        t.setTimeout(timeoutMs, () => {
          reject(new SmtpError('smtp_timeout', `The TLS handshake with ${o.host}:${o.port} did not finish in time.`));
          t.destroy();
        });
        t.once('error', (err) => reject(new SmtpError('smtp_tls', `TLS with ${o.host}:${o.port} failed: ${err.message}`)));
        // From here on the TLS socket is the one spoken to, and the one `finally` destroys (the plain one with it).
        socket = t;
      });
      reader = replyReader(socket);
      socket.setTimeout(timeoutMs, onTimeout);
      // RFC 3207 §4.2: everything learned before the handshake is forgotten; ask again.
      can = await ehlo();
    }
    if (o.auth !== undefined) {
      const methods = can.get('AUTH') ?? [];
      if (methods.includes('PLAIN')) {
        command(`AUTH PLAIN ${Buffer.from(`\0${o.auth.user}\0${o.auth.pass}`, 'utf8').toString('base64')}`);
      } else if (methods.includes('LOGIN')) {
        command('AUTH LOGIN');
        await expect('AUTH LOGIN', (c) => c === 334, 'smtp_auth');
        command(Buffer.from(o.auth.user, 'utf8').toString('base64'));
        await expect('AUTH LOGIN user', (c) => c === 334, 'smtp_auth');
        command(Buffer.from(o.auth.pass, 'utf8').toString('base64'));
      } else {
        throw new SmtpError('smtp_auth', `The SMTP server at ${o.host}:${o.port} offers no AUTH PLAIN or LOGIN (offers: ${methods.join(' ') || 'none'}).`);
      }
      await expect('AUTH', (c) => c === 235, 'smtp_auth');
    }
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
  } catch (err) {
    if (err instanceof SmtpError) throw err;
    throw new SmtpError('smtp_connection', `SMTP with ${o.host}:${o.port} failed: ${(err as Error).message}`);
  } finally {
    socket.destroy();
  }
}
