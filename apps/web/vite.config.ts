import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API runs on :3000 (npm run dev at the root); in production the server serves dist/ itself.
export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
});
