import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The build compiles src/ and migrations/ side by side under dist/; operators run dist/main.js and dist/worker.js.
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
for (const entry of ['main', 'worker']) {
  if (existsSync(join(dist, 'src', `${entry}.js`))) {
    writeFileSync(join(dist, `${entry}.js`), `import './src/${entry}.js';\n`);
  }
}
