// Builds the app's sync client: src/ui/sync-client.js with yjs, @hocuspocus/provider and
// y-indexeddb (pinned in package-lock.json), bundled and minified with esbuild into
// vendor/sync.min.js, which sets the global `RegimeSync`. Trunk runs this before each build
// (Trunk.toml); the app loads the file only when a member joins a team's sync server.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await build({
  entryPoints: [join(root, 'src', 'ui', 'sync-client.js')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  legalComments: 'eof',
  outfile: join(root, 'vendor', 'sync.min.js'),
  logLevel: 'warning',
});
