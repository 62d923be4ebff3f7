// A linked pair of pseudo-terminals made by socat, so the real serial binding can be exercised without hardware.
import { spawn, type ChildProcess } from 'node:child_process';
import { DeviceError } from '../errors';

export type PtyPair = {
  /** The two /dev/pts paths; bytes written to one are read from the other. */
  readonly paths: readonly [string, string];
  close(): Promise<void>;
};

const PTY_LINE = /PTY is (\/dev\/\S+)/g;

/**
 * Spawns `socat -d -d pty,raw,echo=0 pty,raw,echo=0` and reads the two device paths from its stderr
 * ("… N PTY is /dev/pts/3"). Raw mode and no echo make the pair a clean 8-bit pipe.
 */
export function openPtyPair(timeoutMs = 5000, socatPath = 'socat'): Promise<PtyPair> {
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(socatPath, ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (err) {
      reject(unavailable(err));
      return;
    }
    let stderr = '';
    let settled = false;
    const fail = (err: DeviceError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill();
      reject(err);
    };
    const timer = setTimeout(() => fail(new DeviceError('PTY_UNAVAILABLE', `socat did not report two PTYs within ${timeoutMs} ms.`, {
      details: { stderr },
    })), timeoutMs);
    child.once('error', (err) => fail(unavailable(err)));
    child.once('exit', (code) => fail(new DeviceError('PTY_UNAVAILABLE', `socat exited (code ${String(code)}) before opening the PTY pair.`, { details: { stderr } })));
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr += chunk;
      const found = [...stderr.matchAll(PTY_LINE)].map((m) => m[1] as string);
      if (settled || found.length < 2) return;
      settled = true;
      clearTimeout(timer);
      const paths: [string, string] = [found[0] as string, found[1] as string];
      resolve({
        paths,
        close: () => new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) {
            done();
            return;
          }
          child.once('exit', () => done());
          child.kill('SIGTERM');
        }),
      });
    });
  });
}

function unavailable(err: unknown): DeviceError {
  return new DeviceError('PTY_UNAVAILABLE', 'socat could not be started, so no PTY pair can be made.', {
    cause: err,
    hint: 'Install socat (apt-get install socat) to use the emulator over a virtual serial port.',
  });
}
