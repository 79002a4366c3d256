import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * The scanner web app, served by the API at /scan (built into dist/apps/scanner/web). An
 * installable PWA: the service worker precaches the page, its scripts and styles and the ZXing
 * WebAssembly, so after one load it opens with no network at all.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/scan/',
  build: {
    outDir: fileURLToPath(new URL('../../dist/apps/scanner/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // The 1 MB ZXing wasm is an asset of its own, never inlined.
    assetsInlineLimit: (file) => (file.endsWith('.wasm') ? false : undefined),
  },
  plugins: [
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: 'script',
      manifest: {
        name: 'Ticket scanner',
        short_name: 'Scanner',
        description: 'Scan tickets at the gate, online or offline.',
        start_url: '/scan/',
        scope: '/scan/',
        display: 'standalone',
        orientation: 'portrait',
        background_color: '#f3f4f6',
        theme_color: '#1746a2',
        icons: [{ src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        globPatterns: ['**/*.{html,js,css,wasm,svg,webmanifest}'],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
