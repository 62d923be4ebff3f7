// The device discovery API the pairing wizard and the device manager import: search, probe, hot-plug, problems.
export { discoverDevices, mergeFound, type DiscoverOptions } from './discover';
export { probeNetworkPrinter, probeHosts, RAW_PRINT_PORT, type NetworkProbe, type NetworkProbeOptions } from './network-probe';
export { expandTarget, expandTargets, MAX_HOSTS_PER_TARGET } from './hosts';
export { checkSerialPath } from './serial-source';
export { describeProblem, DeviceProblemError, isDeviceProblem, isDeviceProblemError, problem, type DeviceProblem, type ProblemCode, type ProblemSource } from './problem';
export {
  DISCOVERY_SOURCES, type Confidence, type DeviceAddress, type DeviceRole, type DiscoveryProgress, type DiscoveryReport, type DiscoverySource,
  type FoundDevice, type Miss, type SourceResult,
} from './types';
export { watchUsb, type StopWatching, type UsbDetached, type WatchUsbOptions } from '../usb/watch';
