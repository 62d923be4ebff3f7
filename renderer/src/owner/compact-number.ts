// Short amounts for chart labels (12,5k · 1,2M): the exact DGI-formatted figures are in the tables beside the charts.
import type { Minor } from '../../../fiscal/money';

export function compactUnits(m: Minor): string {
  const units = Number(m / 100n);
  const abs = Math.abs(units);
  const fmt = (v: number, suffix: string) => `${(Math.round(v * 10) / 10).toString().replace('.', ',')}${suffix}`;
  if (abs >= 1_000_000) return fmt(units / 1_000_000, 'M');
  if (abs >= 1_000) return fmt(units / 1_000, 'k');
  return String(units);
}

export function minorToNumber(m: Minor): number {
  return Number(m) / 100;
}
