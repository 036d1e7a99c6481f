// size.mjs - the sizes of a built interface (docs/web.md): every asset raw
// and as sent compressed (its .gz twin), the largest first, and the totals.
//
//   node web/scripts/size.mjs [DIR]      DIR: the Vite output (default dist;
//                                        the CMake build writes <build>/web)
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] || 'dist';
const rows = [];
const walk = (d) => {
  for (const name of fs.readdirSync(d)) {
    const p = path.join(d, name);
    if (fs.statSync(p).isDirectory()) walk(p);
    else if (!name.endsWith('.gz')) {
      const raw = fs.statSync(p).size;
      const gz = fs.existsSync(`${p}.gz`) ? fs.statSync(`${p}.gz`).size : raw;
      rows.push({ file: path.relative(dir, p), raw, gz });
    }
  }
};
walk(dir);
rows.sort((a, b) => b.gz - a.gz);
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`.padStart(11);
for (const r of rows.slice(0, 15)) console.log(`${kb(r.raw)} ${kb(r.gz)}  ${r.file}`);
if (rows.length > 15) console.log(`  … ${rows.length - 15} more`);
const raw = rows.reduce((a, r) => a + r.raw, 0);
const gz = rows.reduce((a, r) => a + r.gz, 0);
console.log(`${kb(raw)} ${kb(gz)}  all ${rows.length} files (raw, compressed)`);
