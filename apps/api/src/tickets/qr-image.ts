import { renderQrPng } from '@app/infrastructure';
import QRCode from 'qrcode';

/** Image formats of `GET /tickets/{id}/qr`. */
export type QrFormat = 'png' | 'svg';

export const QR_CONTENT_TYPES: Record<QrFormat, string> = { png: 'image/png', svg: 'image/svg+xml' };

/**
 * QR rendering options: error-correction level Q (ISO/IEC 18004: about 25% of the symbol can be
 * lost and still decode, enough for a cracked or glaring phone screen), a 4-module quiet zone (the
 * standard's minimum), 8 pixels a module (a T1 payload is a version 9 symbol: 61 × 8 = 488 px).
 */
const OPTIONS = { errorCorrectionLevel: 'Q', margin: 4, scale: 8 } as const;

/** Rendered images kept in memory (a PNG is ~4 KB): a payload always renders alike. */
const CACHE_SIZE = 500;
const cache = new Map<string, Buffer | string>();

/** Renders `payload` as a PNG (bytes, greyscale: {@link renderQrPng}) or an SVG document; recently rendered images come from an LRU cache. */
export async function renderQr(payload: string, format: QrFormat): Promise<Buffer | string> {
  const key = `${format}:${payload}`;
  const cached = cache.get(key);
  if (cached !== undefined) {
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  const image = format === 'svg' ? await QRCode.toString(payload, { ...OPTIONS, type: 'svg' }) : renderQrPng(payload, OPTIONS);
  cache.set(key, image);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return image;
}
