// Reads what a native library or the OS said when it failed (module not loaded, EACCES, ENOENT…) and names the problem.
import { problem, type DeviceProblem, type ProblemSource } from './problem';

export function errorText(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
    return `${err.message}${cause}`;
  }
  return String(err);
}

/** The errno-style code (EACCES, ENOENT, ERR_MODULE_NOT_FOUND…) of an error or of its cause. */
export function errnoOf(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e !== undefined && e !== null && depth < 4; depth++) {
    if (typeof e === 'object' && 'code' in e && typeof (e as { code: unknown }).code === 'string') return (e as { code: string }).code;
    e = e instanceof Error ? e.cause : undefined;
  }
  return undefined;
}

const LOAD_FAILURE = /cannot find module|cannot find package|failed to load native binding|no native build|node_module_version|cannot open shared object file|was compiled against a different node|ERR_DLOPEN_FAILED|invalid ELF header|module did not self-register/i;
const LOAD_CODES = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND', 'ERR_DLOPEN_FAILED']);
const DENIED = /permission denied|EACCES|EPERM|access denied|LIBUSB_ERROR_ACCESS|operation not permitted/i;
const MISSING = /ENOENT|no such file|not found \(errno 2\)|errno 2\b/i;

/** True when the library itself (its JavaScript or native part) could not be loaded, not when it ran and failed. */
export function isLoadFailure(err: unknown): boolean {
  const code = errnoOf(err);
  return (code !== undefined && LOAD_CODES.has(code)) || LOAD_FAILURE.test(errorText(err));
}

export function isPermissionFailure(err: unknown): boolean {
  const code = errnoOf(err);
  return code === 'EACCES' || code === 'EPERM' || DENIED.test(errorText(err));
}

export function isMissingFailure(err: unknown): boolean {
  return errnoOf(err) === 'ENOENT' || MISSING.test(errorText(err));
}

/** The first absolute path a message names ("/sys/bus/usb/devices/ not found"), else the fallback. */
function pathIn(text: string, fallback: string): string {
  return /(\/[\w./-]+)/.exec(text)?.[1]?.replace(/\/$/, '') ?? fallback;
}

/** What went wrong while a source listed its devices, as the problem the wizard shows. */
export function classifyListFailure(err: unknown, source: ProblemSource, library: string): DeviceProblem {
  const text = errorText(err);
  const loaded = !isLoadFailure(err);
  switch (source) {
    case 'usb':
      if (!loaded) return problem('USB_LIBRARY_MISSING', 'usb', library, text);
      if (isPermissionFailure(err)) return problem('USB_PERMISSION_DENIED', 'usb', pathIn(text, '/dev/bus/usb'), text);
      if (isMissingFailure(err)) return problem('USB_SUBSYSTEM_UNAVAILABLE', 'usb', pathIn(text, '/sys/bus/usb'), text);
      return problem('USB_LIST_FAILED', 'usb', library, text);
    case 'hid':
      if (!loaded) return problem('HID_LIBRARY_MISSING', 'hid', library, text);
      if (isPermissionFailure(err)) return problem('HID_PERMISSION_DENIED', 'hid', pathIn(text, '/dev/hidraw*'), text);
      return problem('HID_LIST_FAILED', 'hid', library, text);
    case 'serial': {
      // device/transport/serial wraps a loader failure as SERIAL_LIBRARY_MISSING; its cause says why.
      if (!loaded || errnoOf(err) === 'SERIAL_LIBRARY_MISSING') return problem('SERIAL_LIBRARY_MISSING', 'serial', library, text);
      const tool = /spawn (\S+) ENOENT/.exec(text)?.[1];
      if (tool !== undefined) return problem('SERIAL_TOOL_MISSING', 'serial', tool, text);
      if (isPermissionFailure(err)) return problem('SERIAL_PERMISSION_DENIED', 'serial', pathIn(text, '/dev/tty*'), text);
      return problem('SERIAL_LIST_FAILED', 'serial', library, text);
    }
    case 'network':
      return problem('NETWORK_FAILED', 'network', library, text);
  }
}
