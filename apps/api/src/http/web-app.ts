import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/** Where `npm run build` puts a web app (`dist/apps/<name>/web`), from the working directory. */
export function webAppDir(name: string): string {
  return resolve(process.cwd(), 'dist', 'apps', name, 'web');
}

/**
 * Content-Security-Policy of the back-office: its own scripts only; inline styles (MUI's emotion
 * writes <style> tags); `blob:` images, objects and frames for payment proofs, which it fetches
 * with its token and shows from object URLs (the API serves uploads under a sandbox CSP).
 */
/** A web app's CSP as helmet takes it. */
export interface WebAppCsp {
  useDefaults: boolean;
  directives: Record<string, string[]>;
}

export const BACKOFFICE_CSP: WebAppCsp = {
  useDefaults: true,
  directives: {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'object-src': ["'self'", 'blob:'],
    'frame-src': ["'self'", 'blob:'],
    'frame-ancestors': ["'none'"],
  },
};

/**
 * Content-Security-Policy of the scanner app (/scan): its own scripts, plus `'wasm-unsafe-eval'`
 * to compile the ZXing WebAssembly it serves itself (no CDN); its own styles only; camera frames
 * are drawn from a `blob:`/media stream; `worker-src 'self'` for its service worker, which is
 * what lets it open with no network. Camera access needs no header (helmet sets no
 * Permissions-Policy, and the default allows the page's own origin).
 */
export const SCANNER_CSP: WebAppCsp = {
  useDefaults: true,
  directives: {
    'default-src': ["'self'"],
    'script-src': ["'self'", "'wasm-unsafe-eval'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'media-src': ["'self'", 'blob:', 'mediastream:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'worker-src': ["'self'"],
    'manifest-src': ["'self'"],
    'object-src': ["'none'"],
    'frame-ancestors': ["'none'"],
  },
};

/**
 * Serves a built single-page app at `mountPath` (e.g. `/admin`): files as they are (hashed assets
 * cached for a year), and `index.html` for any other GET below the path (but a file name) so client-side routes
 * survive a reload. Its CSP applies to that path only. Does nothing when the app was not built.
 *
 * @returns the paths the app's CSP covers (for the API's own helmet to skip), empty when not built
 */
export function serveWebApp(app: NestExpressApplication, mountPath: string, dir: string, csp: WebAppCsp): string[] {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return [];
  app.use(mountPath, helmet({ contentSecurityPolicy: csp }));
  app.useStaticAssets(dir, {
    prefix: `${mountPath}/`,
    index: false,
    setHeaders: (res, file) => res.setHeader('Cache-Control', file.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  app.use(mountPath, (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    // A missing asset or file (a name with an extension, e.g. a stale sw.js) is a 404, not the app's page.
    if (req.path.startsWith('/assets/') || /\.[A-Za-z0-9]+$/.test(req.path)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return [mountPath];
}
