// Regime Lens works with no network after a first visit: this service worker keeps a copy of the
// app's own files (and nothing else) and serves them when the network is not there. Network
// first, so a new version is used as soon as it can be fetched; the copy is the fallback.
// It never touches a request to another origin (a team's sync server is a WebSocket, which
// service workers do not see).
const CACHE = 'regime-lens-app-v1';
// Files the page fetches later or only on demand (the exchange worker, the sync client, TelCo).
const ON_DEMAND = [
  'cases/telco.json', 'cases/telco.tour.json', 'exchange-worker.js', 'exchange.js',
  'exchange_bg.wasm', 'sync.min.js', 'manifest.webmanifest', 'icon.svg',
];

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const index = await fetch('./', { cache: 'no-cache' });
    const html = await index.clone().text();
    const files = new Set(ON_DEMAND);
    // The files index.html names (Trunk gives the app's scripts, wasm and CSS hashed names).
    for (const m of html.matchAll(/(?:href|src)="([^"#:]+)"/g)) files.add(m[1].replace(/^\//, ''));
    await cache.put('./', index);
    await Promise.all([...files].map(async (file) => {
      const response = await fetch(file, { cache: 'no-cache' }).catch(() => null);
      if (response?.ok) await cache.put(file, response);
    }));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    try {
      const response = await fetch(request);
      if (response.ok) {
        const cache = await caches.open(CACHE);
        await cache.put(request, response.clone());
      }
      return response;
    } catch (error) {
      const kept = await caches.match(request, { ignoreSearch: true })
        ?? (request.mode === 'navigate' ? await caches.match('./') : undefined);
      if (kept) return kept;
      throw error;
    }
  })());
});
