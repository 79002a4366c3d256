import QRCode from 'qrcode';

/** Image formats of `GET /tickets/{id}/qr`. */
export type QrFormat = 'png' | 'svg';

export const QR_CONTENT_TYPES: Record<QrFormat, string> = { png: 'image/png', svg: 'image/svg+xml' };

/**
 * QR rendering options: error-correction level Q (ISO/IEC 18004: ~25% of the symbol can be lost
 * and still decode, enough for a cracked or glaring phone screen), a 4-module quiet zone (the
 * standard's minimum), 8 pixels a module (a T1 payload is a version 9 symbol: 61 × 8 = 488 px).
 */
const OPTIONS = { errorCorrectionLevel: 'Q', margin: 4, scale: 8 } as const;

/** Renders `payload` as a PNG (bytes) or an SVG document. */
export async function renderQr(payload: string, format: QrFormat): Promise<Buffer | string> {
  if (format === 'svg') return QRCode.toString(payload, { ...OPTIONS, type: 'svg' });
  return QRCode.toBuffer(payload, { ...OPTIONS, type: 'png' });
}
