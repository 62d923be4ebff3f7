// Test helper: a minimal SMTP server over node:net on 127.0.0.1 that records each message (envelope and raw DATA).
import { createServer, type AddressInfo, type Socket } from 'node:net';

export type ReceivedMail = { helo: string; from: string; to: string[]; data: string };

export type SmtpReceiver = {
  port: number;
  messages: ReceivedMail[];
  /** Every command line the clients sent, in order (to check the dialogue itself). */
  commands: string[];
  /** Refuse RCPT TO for this address with 550. */
  refuse(address: string): void;
  close(): Promise<void>;
};

export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const messages: ReceivedMail[] = [];
  const commands: string[] = [];
  const refused = new Set<string>();
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const reply = (line: string) => socket.write(`${line}\r\n`);
    let mail: ReceivedMail = { helo: '', from: '', to: [], data: '' };
    let inData = false;
    let buffer = '';
    let dataLines: string[] = [];
    reply('220 127.0.0.1 stalela-test ESMTP');
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let at: number;
      while ((at = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            mail.data = dataLines.map((l) => (l.startsWith('.') ? l.slice(1) : l)).join('\r\n');
            messages.push(mail);
            mail = { helo: mail.helo, from: '', to: [], data: '' };
            dataLines = [];
            reply('250 2.0.0 queued');
          } else dataLines.push(line);
          continue;
        }
        commands.push(line);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') {
          mail.helo = line.slice(5);
          socket.write('250-127.0.0.1 greets you\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n');
        } else if (/^MAIL FROM:<[^>]*>$/i.test(line)) {
          mail.from = line.slice(11, -1);
          reply('250 2.1.0 ok');
        } else if (/^RCPT TO:<[^>]*>$/i.test(line)) {
          const to = line.slice(9, -1);
          if (refused.has(to)) reply('550 5.1.1 no such user');
          else {
            mail.to.push(to);
            reply('250 2.1.5 ok');
          }
        } else if (verb === 'DATA') {
          if (mail.to.length === 0) reply('554 5.5.1 no valid recipients');
          else {
            inData = true;
            reply('354 end data with <CR><LF>.<CR><LF>');
          }
        } else if (verb === 'QUIT') {
          reply('221 2.0.0 bye');
          socket.end();
        } else if (verb === 'RSET') {
          mail = { helo: mail.helo, from: '', to: [], data: '' };
          reply('250 ok');
        } else reply('502 5.5.2 command not implemented');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    messages,
    commands,
    refuse: (a) => refused.add(a),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
