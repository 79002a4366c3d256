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
export const BACKOFFICE_CSP = {
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
 * Serves a built single-page app at `mountPath` (e.g. `/admin`): files as they are (hashed assets
 * cached for a year), and `index.html` for any other GET below the path so client-side routes
 * survive a reload. Its CSP applies to that path only. Does nothing when the app was not built.
 *
 * @returns the paths the app's CSP covers (for the API's own helmet to skip), empty when not built
 */
export function serveWebApp(app: NestExpressApplication, mountPath: string, dir: string, csp: typeof BACKOFFICE_CSP): string[] {
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
    // A missing asset is a 404, not the app's page.
    if (req.path.startsWith('/assets/')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return [mountPath];
}
