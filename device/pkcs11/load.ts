// Loads the pkcs11js binding lazily (tills without an HSM never need it) and the vendor's module, with named failures.
import { existsSync } from 'node:fs';
import { Pkcs11Error, p11Call } from './errors';

export type Pkcs11Binding = typeof import('pkcs11js');
export type Pkcs11Instance = InstanceType<Pkcs11Binding['PKCS11']>;

/** Where Debian and Ubuntu's `softhsm2` package puts its module. */
export const SOFTHSM2_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

// In the message itself, not only the hint: callers that print only the message still say what to install.
const MODULE_FIX = `install softhsm2 (apt-get install softhsm2; module ${SOFTHSM2_MODULE}) or give your HSM vendor's PKCS#11 module path`;
const MODULE_HINT = 'The module is the vendor\'s .so file (for SoftHSM2, the softhsm2 package); its tokens must be initialized.';

/** The binding, imported on first use; a missing or unbuilt binding says what to install. */
export async function loadBinding(importer: () => Promise<unknown> = () => import('pkcs11js')): Promise<Pkcs11Binding> {
  try {
    const m = (await importer()) as Pkcs11Binding & { default?: Pkcs11Binding };
    // CommonJS under ESM: the whole exports object is `default`; Node copies only the names its lexer finds beside
    // it (PKCS11, but not the CKF_/CKA_ constants), so `default` comes first.
    const binding = m.default ?? m;
    if (binding === undefined || typeof binding.PKCS11 !== 'function') throw new TypeError('pkcs11js exports no PKCS11 class');
    return binding;
  } catch (cause) {
    throw new Pkcs11Error('PKCS11_BINDING_MISSING', 'The Node binding "pkcs11js" is not installed or not built for this Node: install the project\'s dependencies (npm ci).', {
      hint: 'npm ci builds its native part, which needs a C++ compiler (build-essential) and Python.',
      cause,
    });
  }
}

/**
 * A module is initialized once per process: a second C_Initialize is refused (CKR_CRYPTOKI_ALREADY_INITIALIZED) and
 * one C_Finalize ends every session on it. So each module path is loaded once and counted; the last release finalizes.
 */
const loaded = new Map<string, { p11: Pkcs11Instance; users: number }>();

export type LoadedModule = { p11: Pkcs11Instance; release(): void };

/** The module at this path, loaded and initialized (or shared if it already is); call release() once when done. */
export function acquireModule(binding: Pkcs11Binding, modulePath: string): LoadedModule {
  let entry = loaded.get(modulePath);
  if (entry === undefined) {
    if (modulePath === '' || !existsSync(modulePath)) {
      throw new Pkcs11Error('PKCS11_MODULE_MISSING', `No PKCS#11 module at "${modulePath}": ${MODULE_FIX}.`, { hint: MODULE_HINT });
    }
    const p11 = new binding.PKCS11();
    try {
      p11.load(modulePath);
    } catch (cause) {
      throw new Pkcs11Error('PKCS11_MODULE_MISSING', `"${modulePath}" could not be loaded as a PKCS#11 module: ${MODULE_FIX}.`, { hint: MODULE_HINT, cause });
    }
    p11Call('C_Initialize', () => p11.C_Initialize());
    entry = { p11, users: 0 };
    loaded.set(modulePath, entry);
  }
  const e = entry;
  e.users++;
  let released = false;
  return {
    p11: e.p11,
    release: () => {
      if (released) return;
      released = true;
      if (--e.users > 0) return;
      loaded.delete(modulePath);
      e.p11.C_Finalize();
    },
  };
}
