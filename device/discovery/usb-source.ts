// USB devices for the wizard, through the `usb` package (lazy): printers, scanners and USB-serial bridges by vendor id.
import { nativeUsbLoader, type UsbLoader } from '../usb/usb-backend';
import { usbFound } from '../usb/usb-found';
import { classifyListFailure } from './native-failure';
import { emptyResult, type SourceResult } from './types';

export async function discoverUsb(loader: UsbLoader = nativeUsbLoader): Promise<SourceResult> {
  const started = performance.now();
  const result = emptyResult('usb', 'ok');
  try {
    const backend = await loader();
    for (const d of await backend.list()) {
      const found = usbFound(d);
      if (found === null) result.ignored++;
      else result.devices.push(found);
    }
  } catch (err) {
    result.status = 'failed';
    result.problem = classifyListFailure(err, 'usb', 'usb');
  }
  result.durationMs = performance.now() - started;
  return result;
}
