import { type ReactNode, useMemo } from 'react';
import QRCode from 'qrcode';

/** The dark modules of a QR code as one SVG path ("M x y h1 v1 h-1 z" per module). */
export function qrPath(text: string): { size: number; d: string } {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const parts: string[] = [];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (qr.modules.get(x, y) !== 0) parts.push(`M${x} ${y}h1v1h-1z`);
    }
  }
  return { size, d: parts.join('') };
}

/** A QR code drawn as React SVG elements (no injected markup, so it passes the strict CSP). */
export function QrCode(props: { value: string; label: string }): ReactNode {
  const { size, d } = useMemo(() => qrPath(props.value), [props.value]);
  const margin = 4;
  const box = size + margin * 2;
  return (
    <svg
      className="qr-code"
      viewBox={`${-margin} ${-margin} ${box} ${box}`}
      role="img"
      aria-label={props.label}
      shapeRendering="crispEdges"
    >
      <rect x={-margin} y={-margin} width={box} height={box} className="qr-light" />
      <path d={d} className="qr-dark" />
    </svg>
  );
}
