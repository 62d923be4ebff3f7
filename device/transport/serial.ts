// Serial byte transport over the `serialport` package, loaded lazily so pure code and tests never need the native addon.
import { DeviceError } from '../errors';
import { listeners, type ByteTransport } from './byte-transport';

export type SerialOptions = {
  path: string;
  /** The MCF protocol's default is 115200 8N1 ("Protocoles SFE-MCF v1.0", §3). */
  baudRate?: number;
};

export type SerialPortInfo = { path: string; manufacturer?: string; serialNumber?: string; vendorId?: string; productId?: string };

/** The slice of the `serialport` module we use, so tests can hand in a loader that fails. */
type SerialPortModule = typeof import('serialport');
export type SerialLoader = () => Promise<SerialPortModule>;

const defaultLoader: SerialLoader = () => import('serialport');

async function loadSerialPort(loader: SerialLoader): Promise<SerialPortModule> {
  try {
    return await loader();
  } catch (err) {
    throw new DeviceError('SERIAL_LIBRARY_MISSING', 'The serial-port library (serialport) could not be loaded on this machine.', {
      cause: err,
      hint: 'Reinstall the application; on Linux the native part needs a matching Node/Electron build (npm rebuild serialport).',
      details: { reason: err instanceof Error ? err.message : String(err) },
    });
  }
}

/**
 * Turns the native layer's open error into something a technician can act on. The addon reports errno text
 * ("Error: Permission denied, cannot open /dev/ttyUSB0"), so the message is matched as well as any `code`.
 */
export function describeSerialOpenError(err: unknown, path: string): DeviceError {
  const text = err instanceof Error ? err.message : String(err);
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  const details = { path, reason: text, errno: code || undefined };
  if (code === 'EACCES' || /permission denied|EACCES|access denied/i.test(text)) {
    return new DeviceError('SERIAL_PERMISSION_DENIED', `This user may not open the serial port ${path}.`, {
      cause: err,
      details,
      hint: 'On Linux add the user to the dialout group (sudo usermod -aG dialout $USER, then log in again) or install a udev rule for the device; on Windows close any other program using the port.',
    });
  }
  if (code === 'ENOENT' || /no such file|ENOENT|file not found|cannot find/i.test(text)) {
    return new DeviceError('SERIAL_NOT_FOUND', `There is no serial port ${path}.`, {
      cause: err,
      details,
      hint: 'Check that the device is plugged in and powered, then pick its port again in the pairing wizard.',
    });
  }
  if (code === 'EBUSY' || /cannot lock port|resource busy|EBUSY|temporarily unavailable/i.test(text)) {
    return new DeviceError('SERIAL_BUSY', `The serial port ${path} is already in use by another program.`, {
      cause: err,
      details,
      hint: 'Close the other program (or another copy of this one) that holds the port, or unplug and replug the device.',
    });
  }
  return new DeviceError('SERIAL_OPEN_FAILED', `The serial port ${path} could not be opened: ${text}.`, { cause: err, details });
}

/** Opens a serial port 8N1 and returns it as a ByteTransport. Every failure is a DeviceError. */
export async function openSerialTransport(options: SerialOptions, loader: SerialLoader = defaultLoader): Promise<ByteTransport> {
  const { SerialPort } = await loadSerialPort(loader);
  const baudRate = options.baudRate ?? 115200;
  const description = `serial ${options.path} @${baudRate}`;
  const port = new SerialPort({ path: options.path, baudRate, dataBits: 8, parity: 'none', stopBits: 1, autoOpen: false });
  await new Promise<void>((resolve, reject) => {
    port.open((err) => (err ? reject(describeSerialOpenError(err, options.path)) : resolve()));
  });

  const data = listeners<[Uint8Array]>();
  const closed = listeners<[DeviceError | undefined]>();
  let open = true;
  let failure: DeviceError | undefined;
  port.on('data', (chunk: Buffer) => data.emit(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
  port.on('error', (err: Error) => {
    failure = new DeviceError('TRANSPORT_CLOSED', `The ${description} link failed: ${err.message}.`, { cause: err });
  });
  port.on('close', () => {
    if (!open) return;
    open = false;
    closed.emit(failure);
    data.clear();
    closed.clear();
  });

  return {
    description,
    get isOpen() {
      return open && port.isOpen;
    },
    write(bytes) {
      if (!open) return Promise.reject(new DeviceError('TRANSPORT_CLOSED', `The ${description} link is closed; nothing can be written.`));
      return new Promise((resolve, reject) => {
        port.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (err) => {
          if (err) reject(new DeviceError('TRANSPORT_WRITE_FAILED', `Writing to ${description} failed: ${err.message}.`, { cause: err }));
          else resolve();
        });
      });
    },
    onData: (cb) => data.add(cb),
    onClose: (cb) => closed.add(cb),
    close() {
      if (!open || !port.isOpen) {
        open = false;
        return Promise.resolve();
      }
      return new Promise((resolve) => port.close(() => resolve()));
    },
  };
}

/** Serial ports the OS knows, for the pairing wizard. */
export async function listSerialPorts(loader: SerialLoader = defaultLoader): Promise<SerialPortInfo[]> {
  const { SerialPort } = await loadSerialPort(loader);
  const ports = await SerialPort.list();
  return ports.map((p) => ({
    path: p.path,
    ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}),
    ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
    ...(p.vendorId ? { vendorId: p.vendorId } : {}),
    ...(p.productId ? { productId: p.productId } : {}),
  }));
}
