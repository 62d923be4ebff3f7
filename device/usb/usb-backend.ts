// The slice of the `usb` package (3.x, nusb-based) discovery uses: list devices, follow attach/detach. Loaded lazily.

/** One USB device as discovery needs it; every string the OS may refuse to give is nullable. */
export type UsbDeviceInfo = {
  vendorId: number;
  productId: number;
  deviceClass: number;
  /** Class of each interface of the active configuration (printer 07h, HID 03h, CDC 02h/0Ah). */
  interfaceClasses: number[];
  manufacturer: string | null;
  product: string | null;
  serialNumber: string | null;
  /** "1-2", the bus-port path; null when the platform gives none. */
  bus: string | null;
  address: number | null;
  /** The native handle a detach event names. */
  handle: string | null;
};

export type UsbBackend = {
  list(): Promise<UsbDeviceInfo[]>;
  /** Starts following hot-plug; resolves with the function that stops. */
  watch(onAttach: (device: UsbDeviceInfo) => void, onDetach: (handle: string) => void): Promise<() => Promise<void>>;
};

/** Tests hand in a loader that fails as a machine without the library, or without permission, would. */
export type UsbLoader = () => Promise<UsbBackend>;

type NativeUsb = typeof import('usb/index.js');
type NativeDevice = Awaited<ReturnType<NativeUsb['nativeGetDevices']>>[number];

/** A getter of the native device that may throw (a string descriptor the OS will not read without opening). */
function safely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

export function fromNativeDevice(d: NativeDevice): UsbDeviceInfo {
  const interfaces = safely<readonly { alternate: { interfaceClass: number } }[]>(() => d.configuration?.interfaces ?? [], []);
  return {
    vendorId: d.vendorId,
    productId: d.productId,
    deviceClass: d.deviceClass,
    interfaceClasses: [...new Set(interfaces.map((i) => i.alternate.interfaceClass))],
    manufacturer: safely(() => d.manufacturerName, null),
    product: safely(() => d.productName, null),
    serialNumber: safely(() => d.serialNumber, null),
    bus: typeof d.bus === 'string' ? d.bus : null,
    address: typeof d.address === 'number' ? d.address : null,
    handle: safely(() => d.handle, null),
  };
}

/**
 * The native binding (`usb/index.js`), not the WebUSB wrapper: the wrapper rethrows a failed hot-plug setup from a
 * timer, which would crash the till instead of reporting the problem.
 */
export const nativeUsbLoader: UsbLoader = async () => {
  const native = (await import('usb/index.js')) as NativeUsb & { default?: NativeUsb };
  // CommonJS through ESM: the functions sit on the namespace or on its default export depending on the loader.
  const api: NativeUsb = typeof native.nativeGetDevices === 'function' ? native : (native.default as NativeUsb);
  return {
    async list() {
      return (await api.nativeGetDevices()).map(fromNativeDevice);
    },
    async watch(onAttach, onDetach) {
      const emitter = new api.Emitter();
      await emitter.addAttach((d) => onAttach(fromNativeDevice(d)));
      try {
        await emitter.addDetach((handle) => onDetach(handle));
      } catch (err) {
        await emitter.removeAttach().catch(() => undefined);
        throw err;
      }
      return async () => {
        await emitter.removeAttach().catch(() => undefined);
        await emitter.removeDetach().catch(() => undefined);
      };
    },
  };
};
