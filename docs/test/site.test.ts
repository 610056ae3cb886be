/**
 * The built documentation site (docs-site/, from `pnpm run docs`) served on 127.0.0.1 and driven by
 * Debian's headless Chromium through playwright-core: every page loads without page or console
 * errors, every internal link points at an existing page and anchor, the search finds
 * `createTokenizer`, the landing page has one title, and screenshots of the landing and Keras
 * pages go to .artifacts/.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const root = fileURLToPath(new URL('../../', import.meta.url));
const site = join(root, 'docs-site');
const artifacts = join(root, '.artifacts');
const hasChromium = existsSync(CHROMIUM);

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of readdirSync(path)) {
    if (e === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(join(path, e)));
  }
  return newest;
}

/** Rebuilds docs-site/ when it is missing or older than its inputs (CI builds it just before). */
async function ensureSite(): Promise<void> {
  const index = join(site, 'index.html');
  const inputs = [
    join(root, 'typedoc.json'),
    join(root, 'README.md'),
    join(root, 'docs', 'guides'),
    join(root, 'docs', 'images'),
    ...['core', 'tokenizer', 'embeddings', 'models', 'tasks'].map((p) => join(root, 'packages', p, 'src')),
  ];
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  if (built > 0 && inputs.every((p) => newestMtime(p) <= built)) return;
  await promisify(execFile)(join(root, 'node_modules', '.bin', 'typedoc'), ['--skipErrorChecking'], {
    cwd: root,
    timeout: 240_000,
    maxBuffer: 16 << 20,
  });
}

function htmlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...htmlFiles(p));
    else if (e.name.endsWith('.html')) out.push(relative(site, p).split(sep).join('/'));
  }
  return out.sort();
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

function serve(): Promise<Server> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(site, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(site) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(path === '/favicon.ico' ? 204 : 404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

interface Visit {
  errors: string[];
  ids: string[];
  links: string[];
}

describe.skipIf(!hasChromium)(
  `docs site in headless Chromium${hasChromium ? '' : ` (skipped: ${CHROMIUM} is not installed; apt-get install chromium)`}`,
  () => {
    let server: Server;
    let base: string;
    let profile: string;
    let context: import('playwright-core').BrowserContext;
    let pages: string[];
    const visits = new Map<string, Visit>();

    beforeAll(async () => {
      await ensureSite();
      pages = htmlFiles(site);
      server = await serve();
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      profile = mkdtempSync(join(tmpdir(), 'kornlp-docs-chromium-'));
      const { chromium } = await import('playwright-core');
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--disable-quic',
        ],
        viewport: { width: 1280, height: 900 },
      });
    }, 300_000);

    afterAll(async () => {
      await context?.close();
      await new Promise((r) => (server ? server.close(r) : r(undefined)));
      if (profile) rmSync(profile, { recursive: true, force: true });
    });

    it('visits every page with no page errors or console errors', async () => {
      expect(pages.length).toBeGreaterThan(20);
      const queue = [...pages];
      const worker = async () => {
        const page = await context.newPage();
        let errors: string[] = [];
        page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
        page.on('console', (m) => {
          if (m.type() === 'error') errors.push(`console: ${m.text()}`);
        });
        for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
          errors = [];
          await page.goto(base + path, { waitUntil: 'load', timeout: 60_000 });
          // A string, so this file needs no DOM typings: every id (anchor target) and link of the page.
          const { ids, links } = (await page.evaluate(`({
            ids: [...document.querySelectorAll('[id], a[name]')].map((e) => e.id || e.getAttribute('name') || ''),
            links: [...document.querySelectorAll('a[href]')].map((a) => a.href),
          })`)) as { ids: string[]; links: string[] };
          visits.set(path, { errors: [...errors], ids, links });
        }
        await page.close();
      };
      await Promise.all(Array.from({ length: 4 }, worker));
      const bad = [...visits]
        .filter(([, v]) => v.errors.length > 0)
        .map(([p, v]) => `${p}: ${v.errors.join('; ')}`);
      expect(bad.join('\n')).toBe('');
      expect(visits.size).toBe(pages.length);
      // ~350 pages took 9 minutes with seven other jobs sharing the 2 cores; room for a busy CI box.
    }, 1_200_000);

    it('has no broken internal links (every target page and anchor exists)', () => {
      expect(visits.size).toBe(pages.length);
      const broken: string[] = [];
      for (const [from, v] of visits) {
        for (const href of v.links) {
          if (!href.startsWith(base)) continue;
          const url = new URL(href);
          let target = decodeURIComponent(url.pathname.slice(1));
          if (target === '' || target.endsWith('/')) target += 'index.html';
          const file = join(site, target);
          if (!existsSync(file)) {
            broken.push(`${from} → ${href} (no such file)`);
            continue;
          }
          const anchor = decodeURIComponent(url.hash.slice(1));
          if (anchor && target.endsWith('.html') && !visits.get(target)?.ids.includes(anchor)) {
            broken.push(`${from} → ${href} (no element with id "${anchor}")`);
          }
        }
      }
      expect(broken.join('\n')).toBe('');
    });

    it('search finds createTokenizer', async () => {
      const page = await context.newPage();
      await page.goto(`${base}index.html`, { waitUntil: 'load' });
      await page.click('#tsd-search-trigger');
      await page.fill('#tsd-search-input', 'createTokenizer');
      const first = page.locator('#tsd-search-results li a').first();
      await first.waitFor({ timeout: 15_000 });
      const texts = await page.locator('#tsd-search-results li').allTextContents();
      expect(texts.some((t) => t.includes('createTokenizer'))).toBe(true);
      await first.click();
      await page.waitForURL(/createTokenizer/, { timeout: 15_000 });
      expect(await page.locator('h1').first().textContent()).toContain('createTokenizer');
      await page.close();
    }, 60_000);

    it("shows the landing page title once (the README's own heading, no second one from TypeDoc)", async () => {
      const page = await context.newPage();
      await page.goto(`${base}index.html`, { waitUntil: 'load' });
      expect(await page.locator('h1').allTextContents()).toEqual(['kornlp']);
      await page.close();
    }, 60_000);

    it('writes screenshots of the landing page and the Keras page to .artifacts/', async () => {
      mkdirSync(artifacts, { recursive: true });
      const keras = pages.find((p) => p.startsWith('documents/') && /keras/i.test(p));
      expect(keras, 'the "From Keras to kornlp" guide page').toBeDefined();
      const page = await context.newPage();
      for (const [path, name] of [
        ['index.html', 'docs-landing.png'],
        [keras!, 'docs-keras.png'],
      ] as const) {
        await page.goto(base + path, { waitUntil: 'load' });
        const out = join(artifacts, name);
        rmSync(out, { force: true });
        await page.screenshot({ path: out, fullPage: false });
        expect(statSync(out).size).toBeGreaterThan(10_000);
      }
      await page.close();
    }, 60_000);
  },
);
