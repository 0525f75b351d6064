// Vite build and dev-server configuration of the staff web application.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Paths are relative to this package (the root when run as `vite build packages/web` or via npm -w).
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000' },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
});
