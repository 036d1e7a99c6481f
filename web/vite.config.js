// vite.config.js - how fazhi's browser interface is built (see docs/web.md).
//
// `vite build` writes index.html and assets/ (names hashed) into outDir, which
// the CMake build sets to <build>/web and embeds into the binary as web/app/.
// Element Plus is imported per component (unplugin-vue-components and
// unplugin-auto-import with ElementPlusResolver: only what the screens use,
// with its CSS), ECharts through echarts/core (see src/charts.js). Every
// text asset also gets a .gz twin, which the server sends to clients that
// accept gzip. `vite` (the dev server) proxies the API to a running fazhi:
// FAZHI_URL, default http://127.0.0.1:8080.
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import AutoImport from 'unplugin-auto-import/vite';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const FAZHI_URL = process.env.FAZHI_URL || 'http://127.0.0.1:8080';

// Write NAME.gz beside each text asset of the bundle (best compression;
// done once at build time, served as is).
function gzipAssets() {
  let outDir;
  return {
    name: 'fazhi-gzip',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    writeBundle() {
      const walk = (dir) => {
        for (const name of fs.readdirSync(dir)) {
          const p = path.join(dir, name);
          if (fs.statSync(p).isDirectory()) walk(p);
          else if (/\.(js|css|html|svg|json|txt)$/.test(name)) {
            const raw = fs.readFileSync(p);
            if (raw.length < 512) continue;
            fs.writeFileSync(`${p}.gz`, zlib.gzipSync(raw, { level: 9 }));
          }
        }
      };
      walk(outDir);
    },
  };
}

export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    AutoImport({ resolvers: [ElementPlusResolver()], dts: false }),
    Components({ resolvers: [ElementPlusResolver()], dts: false, dirs: [] }),
    gzipAssets(),
  ],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    // Inline nothing as data: URLs beyond tiny icons; no source maps in the
    // binary.
    assetsInlineLimit: 2048,
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
    reportCompressedSize: false,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: FAZHI_URL, changeOrigin: false },
      '/healthz': { target: FAZHI_URL },
    },
  },
});
