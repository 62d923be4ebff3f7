// The security QR on screen: byte mode (';' is not in the alphanumeric set), error correction M, drawn as one SVG path.
import { useMemo } from 'react';
import { create } from 'qrcode';

/** The dark modules as an SVG path, with a four-module quiet zone as on paper. */
export function qrPath(payload: string): { side: number; d: string } {
  const qr = create([{ data: new TextEncoder().encode(payload), mode: 'byte' }], { errorCorrectionLevel: 'M' });
  const { size } = qr.modules;
  const quiet = 4;
  let d = '';
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) if (qr.modules.get(r, c)) d += `M${c + quiet} ${r + quiet}h1v1h-1z`;
  }
  return { side: size + 2 * quiet, d };
}

export function QrCode({ payload, pixels = 180 }: { payload: string; pixels?: number }) {
  const { side, d } = useMemo(() => qrPath(payload), [payload]);
  return (
    <svg className="qr" data-testid="receipt-qr" data-payload={payload} width={pixels} height={pixels} viewBox={`0 0 ${side} ${side}`} shapeRendering="crispEdges" role="img" aria-label={payload}>
      <rect width={side} height={side} fill="#fff" />
      <path fill="#000" d={d} />
    </svg>
  );
}
