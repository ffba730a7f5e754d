/**
 * HTML → PDF for plain Node (headless host, tests) through a system Chromium driven by
 * playwright-core. playwright-core is a development dependency (it comes with @playwright/test),
 * so it is imported lazily: where it or Chromium is missing, PDF rendering is simply not offered
 * and the browser UI prints the HTML itself.
 */
import { existsSync } from 'node:fs'

export type HtmlToPdf = (html: string, opts?: { landscape?: boolean }) => Promise<Uint8Array>

/** Offline, quiet Chromium: no first-run, no background services, no network features. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable']

/** The Chromium to use: LAIBANG_CHROMIUM, else a system install; null when there is none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env.LAIBANG_CHROMIUM
  if (configured) return existsSync(configured) ? configured : null
  return CANDIDATES.find((p) => existsSync(p)) ?? null
}

/**
 * A renderer that starts Chromium per document (printing is rare; no browser idles in the
 * background), with JavaScript off and every request refused: the HTML is self-contained.
 */
export function chromiumPdfRenderer(executablePath: string | null = findChromium()): HtmlToPdf | null {
  if (!executablePath) return null
  return async (html, opts) => {
    const { chromium } = await import('playwright-core')
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true })
    try {
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true })
      await context.route('**/*', (route) => route.abort())
      const page = await context.newPage()
      await page.setContent(html, { waitUntil: 'load' })
      const pdf = await page.pdf({ format: 'A4', landscape: opts?.landscape ?? false, printBackground: true, preferCSSPageSize: true })
      return new Uint8Array(pdf)
    } finally {
      await browser.close()
    }
  }
}
