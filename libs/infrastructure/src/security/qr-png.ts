import { PNG } from 'pngjs';
import QRCode from 'qrcode';

/** How a ticket QR is drawn: error-correction level, quiet zone and pixels per module. */
export interface QrPngOptions {
  /** ISO/IEC 18004 error-correction level; Q lets about 25 % of the symbol be lost and still decode. */
  errorCorrectionLevel: 'L' | 'M' | 'Q' | 'H';
  /** Quiet zone in modules on each side (the standard's minimum is 4). */
  margin: number;
  /** Pixels per module (an integer, so every module is the same square). */
  scale: number;
}

const DARK = 0;
const LIGHT = 255;

/**
 * `payload` as a QR code PNG: 8-bit greyscale (colour type 0), black modules on white, each module
 * `scale` × `scale` pixels, `margin` modules of quiet zone, every row filtered "Up" (PNG filter 2):
 * a module is `scale` identical rows, so Up leaves rows of zeros for deflate. The symbol comes from
 * `qrcode` and the PNG from `pngjs`; the raster between them is drawn here, a module row at a time
 * and then copied `scale` times, because qrcode's own PNG renderer computes every pixel in RGBA
 * (measured on a ticket payload at 488 px: 13 ms of CPU, against 3 ms this way).
 * Width and height in pixels: (modules + 2 × margin) × scale.
 * @throws when `payload` does not fit a QR code at that level (qrcode's error)
 */
export function renderQrPng(payload: string, options: QrPngOptions): Buffer {
  const { modules } = QRCode.create(payload, { errorCorrectionLevel: options.errorCorrectionLevel });
  const { margin, scale } = options;
  const size = modules.size;
  const side = (size + 2 * margin) * scale;
  const data = Buffer.alloc(side * side, LIGHT);
  for (let row = 0; row < size; row++) {
    const top = (margin + row) * scale * side;
    for (let col = 0; col < size; col++) {
      if (modules.get(row, col)) data.fill(DARK, top + (margin + col) * scale, top + (margin + col + 1) * scale);
    }
    for (let copy = 1; copy < scale; copy++) data.copy(data, top + copy * side, top, top + side);
  }
  const png = new PNG({ width: side, height: side, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
  png.data = data;
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false, filterType: 2 });
}
