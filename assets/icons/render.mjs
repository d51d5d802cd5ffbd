// Renders the PNG icons from the SVGs beside this file with Debian's Chromium:
//   node assets/icons/render.mjs      (needs tests/e2e/node_modules)
// The PNGs are committed, so a build needs neither this nor an SVG renderer.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../tests/e2e/package.json'));
const { chromium } = require('playwright-core');

const browser = await chromium.launch({ executablePath: process.env.SHEAF_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const [svg, stem] of [['sheaf.svg', 'sheaf'], ['sheaf-maskable.svg', 'sheaf-maskable']]) {
    const text = fs.readFileSync(path.join(here, svg), 'utf8');
    for (const size of [192, 512]) {
      const page = await browser.newPage({ viewport: { width: size, height: size } });
      await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${text}`);
      await page.screenshot({ path: path.join(here, `${stem}-${size}.png`), omitBackground: true });
      await page.close();
    }
  }
} finally {
  await browser.close();
}
