import QRCode from 'qrcode';
import type { PdfNode } from '../pdf-renderer.ts';

/**
 * The Swiss QR Code as pdfmake canvas shapes: the matrix from the `qrcode` package (byte mode,
 * UTF-8, error correction M as SIX requires), drawn at an exact size (pdfmake's own `qr` node
 * rounds the module to whole points, which cannot make 46 mm), one rectangle per run of dark
 * modules in a row so neighbouring modules leave no hairline seams, and the Swiss cross on top.
 */
export const MM = 72 / 25.4;

export interface QrMatrix {
  readonly size: number;
  isDark(row: number, column: number): boolean;
}

export function qrMatrix(payload: string): QrMatrix {
  const code = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  const { size } = code.modules;
  return { size, isDark: (row, column) => Boolean(code.modules.get(row, column)) };
}

function moduleRuns(matrix: QrMatrix, modulePt: number): PdfNode[] {
  const shapes: PdfNode[] = [];
  for (let row = 0; row < matrix.size; row++) {
    let start = -1;
    for (let column = 0; column <= matrix.size; column++) {
      const dark = column < matrix.size && matrix.isDark(row, column);
      if (dark && start < 0) start = column;
      if (!dark && start >= 0) {
        shapes.push({
          type: 'rect',
          x: start * modulePt,
          y: row * modulePt,
          // A hair wider and taller than the module, so adjacent runs overlap instead of touching.
          w: (column - start) * modulePt + 0.05,
          h: modulePt + 0.05,
          color: '#000000',
        });
        start = -1;
      }
    }
  }
  return shapes;
}

/**
 * The Swiss cross (SIX: 7 × 7 mm in the centre of the code): a white square, a black square, and
 * a white cross whose arms are 6/32 of the black square wide and 20/32 long end to end.
 */
function swissCross(centrePt: number): PdfNode[] {
  const outer = 7 * MM;
  const black = 5.9 * MM;
  const arm = (black * 6) / 32;
  const span = (black * 20) / 32;
  const square = (side: number, color: string): PdfNode => ({
    type: 'rect',
    x: centrePt - side / 2,
    y: centrePt - side / 2,
    w: side,
    h: side,
    color,
  });
  return [
    square(outer, '#ffffff'),
    square(black, '#000000'),
    { type: 'rect', x: centrePt - arm / 2, y: centrePt - span / 2, w: arm, h: span, color: '#ffffff' },
    { type: 'rect', x: centrePt - span / 2, y: centrePt - arm / 2, w: span, h: arm, color: '#ffffff' },
  ];
}

/** The code, `sizeMm` wide without its quiet zone, as canvas shapes from the node's top-left. */
export function qrCodeShapes(payload: string, sizeMm: number): PdfNode[] {
  const matrix = qrMatrix(payload);
  const sizePt = sizeMm * MM;
  return [...moduleRuns(matrix, sizePt / matrix.size), ...swissCross(sizePt / 2)];
}
