import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The app is served by `marsad serve` from dist/web at `/`, with the API on the same origin under /api.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // maplibre-gl alone is ~800 kB; it is loaded only by the map page.
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        // The map's worker is an .mjs file; as .js it gets a JavaScript MIME type from any static server.
        assetFileNames: (asset) =>
          asset.names.some((n) => n.endsWith('.mjs'))
            ? 'assets/[name]-[hash].js'
            : 'assets/[name]-[hash][extname]',
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
