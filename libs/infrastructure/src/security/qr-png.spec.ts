import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { renderQrPng } from './qr-png.js';

const PAYLOAD = `T2.${'AbCd-_09'.repeat(20)}`;

describe('renderQrPng', () => {
  it('draws the same pixels as qrcode’s own PNG renderer, as 8-bit greyscale', async () => {
    // (qrcode's renderer is the slow one: small scales keep this test quick, the drawing is the same at any.)
    for (const [level, margin, scale] of [
      ['Q', 4, 4],
      ['M', 1, 3],
      ['H', 0, 1],
    ] as const) {
      const ours = renderQrPng(PAYLOAD, { errorCorrectionLevel: level, margin, scale });
      const theirs = PNG.sync.read(await QRCode.toBuffer(PAYLOAD, { type: 'png', errorCorrectionLevel: level, margin, scale }));
      const decoded = PNG.sync.read(ours);
      const size = QRCode.create(PAYLOAD, { errorCorrectionLevel: level }).modules.size;
      expect({ width: decoded.width, height: decoded.height }).toEqual({ width: (size + 2 * margin) * scale, height: (size + 2 * margin) * scale });
      expect({ width: decoded.width, height: decoded.height }).toEqual({ width: theirs.width, height: theirs.height });
      expect(Buffer.compare(decoded.data, theirs.data)).toBe(0); // both read back as RGBA
      expect(ours[25]).toBe(0); // IHDR colour type: greyscale
      expect(ours[24]).toBe(8); // IHDR bit depth
    }
  });

  it('decodes back to the payload', () => {
    const png = PNG.sync.read(renderQrPng(PAYLOAD, { errorCorrectionLevel: 'Q', margin: 4, scale: 4 }));
    // jsqr is CommonJS whose typings declare a default export; its module object carries `.default` too.
    expect(jsqr.default(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(PAYLOAD);
  });

  it('throws for a payload too long for a QR code', () => {
    expect(() => renderQrPng('x'.repeat(5000), { errorCorrectionLevel: 'Q', margin: 4, scale: 1 })).toThrow();
  });
});
