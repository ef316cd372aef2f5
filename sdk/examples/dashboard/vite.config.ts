import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The dashboard calls `/graphql` on its own origin; Vite forwards it (HTTP and the subscriptions'
 * WebSocket) to the API, so the browser never makes a cross-origin request and the API needs no
 * CORS setting. `GUAZHI_API` names the API (default the `npm start` one on port 4000).
 */
const api = process.env.GUAZHI_API ?? 'http://127.0.0.1:4000';
const proxy = { '/graphql': { target: api, ws: true, changeOrigin: true } };

export default defineConfig({
  plugins: [react()],
  resolve: {
    // @guazhi/sdk is linked from ../.. (file:), whose own folder sees the root's React 18: one
    // React and one TanStack Query, the dashboard's, for the SDK's hooks and the pages alike.
    dedupe: ['react', 'react-dom', '@tanstack/react-query'],
  },
  server: { port: Number(process.env.DASHBOARD_PORT ?? 5173), strictPort: true, proxy },
  preview: { port: Number(process.env.DASHBOARD_PORT ?? 4173), strictPort: true, proxy },
  build: { chunkSizeWarningLimit: 1500 },
});
