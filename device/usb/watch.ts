// USB hot-plug for the wizard and the health page: a device plugged or unplugged while the screen is open.
import { classifyListFailure, errorText } from '../discovery/native-failure';
import { problem, type DeviceProblem } from '../discovery/problem';
import type { FoundDevice } from '../discovery/types';
import { nativeUsbLoader, type UsbDeviceInfo, type UsbLoader } from './usb-backend';
import { usbDeviceId, usbFound } from './usb-found';

export type UsbDetached = { handle: string; id: string | null; device: FoundDevice | null };

export type WatchUsbOptions = {
  loader?: UsbLoader;
  /** Why hot-plug is not followed (library missing, no USB bus…); the wizard then offers "Rechercher à nouveau". */
  onProblem?: (p: DeviceProblem) => void;
  /** Also report hubs (ignored by default, as discovery ignores them). */
  includeInfrastructure?: boolean;
};

/** Call to stop following; idempotent. `ready` settles once following has started (null) or could not (the problem). */
export type StopWatching = (() => Promise<void>) & { readonly ready: Promise<DeviceProblem | null> };

/**
 * Starts at once and never throws: loading the library and subscribing happen in the background, and a failure
 * reaches `onProblem` and `ready`. Detach events name only a native handle, so the devices seen (the initial list
 * and each attach) are remembered to say which one left.
 */
export function watchUsb(
  onAttach: (device: FoundDevice, raw: UsbDeviceInfo) => void,
  onDetach: (detached: UsbDetached) => void,
  options: WatchUsbOptions = {},
): StopWatching {
  const loader = options.loader ?? nativeUsbLoader;
  const known = new Map<string, UsbDeviceInfo>();
  let stopped = false;
  let unsubscribe: (() => Promise<void>) | null = null;
  const remember = (d: UsbDeviceInfo) => {
    if (d.handle !== null) known.set(d.handle, d);
  };
  const visible = (d: UsbDeviceInfo): FoundDevice | null => {
    const found = usbFound(d);
    if (found !== null || options.includeInfrastructure !== true) return found;
    return { id: usbDeviceId(d), source: 'usb', address: { kind: 'usb', vendorId: d.vendorId, productId: d.productId }, roles: [], confidence: 'unknown', label: 'Concentrateur USB', note: '' };
  };

  const ready = (async (): Promise<DeviceProblem | null> => {
    try {
      const backend = await loader();
      // The initial list only serves to name later detaches; a failure here does not stop hot-plug.
      await backend.list().then((list) => list.forEach(remember), () => undefined);
      const off = await backend.watch(
        (d) => {
          if (stopped) return;
          remember(d);
          const found = visible(d);
          if (found !== null) onAttach(found, d);
        },
        (handle) => {
          if (stopped) return;
          const d = known.get(handle);
          known.delete(handle);
          const found = d === undefined ? null : visible(d);
          if (d !== undefined && found === null) return;
          onDetach({ handle, id: found?.id ?? null, device: found });
        },
      );
      if (stopped) await off();
      else unsubscribe = off;
      return null;
    } catch (err) {
      const p = classifyListFailure(err, 'usb', 'usb');
      const reported = p.code === 'USB_LIST_FAILED' ? problem('USB_WATCH_FAILED', 'usb', 'usb', errorText(err)) : p;
      options.onProblem?.(reported);
      return reported;
    }
  })();

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await ready;
    const off = unsubscribe;
    unsubscribe = null;
    await off?.();
  };
  return Object.assign(stop, { ready });
}
