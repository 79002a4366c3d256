import { BarcodeDetector, prepareZXingModule } from 'barcode-detector/ponyfill';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

/**
 * Camera scanning with the `barcode-detector` polyfill (always the polyfill, for the same reading
 * on every browser), whose ZXing WebAssembly is served by this app from /scan/assets (precached
 * by the service worker), never from a CDN.
 */
prepareZXingModule({
  overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? new URL(wasmUrl, location.href).href : prefix + path) },
  fireImmediately: true,
});

/** The same code again within this time is one scan (the camera sees a ticket many times a second). */
export const SAME_CODE_MS = 3000;

/** A running camera scanner. */
export interface CameraScanner {
  stop(): void;
}

/**
 * Starts the back camera in `video` and calls `onCode` with each decoded QR text and the
 * `performance.now()` of its decoding; the same text within {@link SAME_CODE_MS} is ignored.
 * @throws the getUserMedia error (no camera, permission refused)
 */
export async function startCamera(video: HTMLVideoElement, onCode: (text: string, decodedAt: number) => void): Promise<CameraScanner> {
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
    audio: false,
  });
  video.srcObject = stream;
  video.muted = true;
  video.setAttribute('playsinline', '');
  await video.play().catch(() => undefined);
  const detector = new BarcodeDetector({ formats: ['qr_code'] });
  let running = true;
  let last = { text: '', at: -Infinity };
  const loop = async () => {
    while (running) {
      if (video.readyState >= 2) {
        try {
          const codes = await detector.detect(video);
          const now = performance.now();
          const text = codes[0]?.rawValue;
          if (text) {
            if (text !== last.text || now - last.at > SAME_CODE_MS) onCode(text, now);
            last = { text, at: now };
          }
        } catch (e) {
          console.warn('detect', e);
        }
      }
      await new Promise((r) => setTimeout(r, 60));
    }
  };
  void loop();
  return {
    stop() {
      running = false;
      for (const track of stream.getTracks()) track.stop();
      video.srcObject = null;
    },
  };
}
