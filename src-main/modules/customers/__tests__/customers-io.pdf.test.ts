import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, setupCompany, type TestApp } from '../../../testing'
import { HeadlessPrinting } from '../../../platform/node'
import { chromiumPdfRenderer, findChromium } from '../../../platform/node/chromium-pdf'
import { contacts, customers } from '../customers.table'

let t: TestApp | undefined
afterEach(() => { t?.close(); t = undefined })

/** Real PDF rendering needs a system Chromium; where there is none this test cannot run. */
describe.skipIf(!findChromium())('printPdf through headless Chromium', () => {
  it('renders the label sheets as an A4 PDF, one page per 14 labels', { timeout: 120_000 }, async () => {
    t = createTestApp()
    t.platform.printing = new HeadlessPrinting(chromiumPdfRenderer()!)
    const admin = await setupCompany(t)
    const adminId = (await admin.ok('auth.session', {}))!.user.id
    const ids = t.app.mutation({ userId: adminId }, (w) => Array.from({ length: 20 }, (_, i) => {
      const c = w.insert(customers, { name: `北京莱邦科技有限公司${i + 1}`, nameNorm: '', pinyin: '', ownerId: adminId, province: '北京市', address: `海淀区中关村大街${i + 1}号` })
      w.insert(contacts, { customerId: c.id, name: `张伟${i + 1}`, mobile: '13800138000', isPrimary: true })
      return c.id
    }))
    const file = await admin.ok('customers.printPdf', { ids, kind: 'labels' })
    expect(file.mime).toBe('application/pdf')
    expect(file.fileName).toMatch(/^邮寄标签_.*\.pdf$/)
    const pdf = Buffer.from(file.contentBase64, 'base64').toString('latin1')
    expect(pdf.startsWith('%PDF-')).toBe(true)
    expect(pdf.match(/\/Type\s*\/Page[^s]/g)).toHaveLength(2)
    // A4 media box in points (595 × 842), as printToPDF writes it.
    expect(pdf).toMatch(/\/MediaBox\s*\[\s*0\s+0\s+59[45](?:\.\d+)?\s+84[12](?:\.\d+)?\s*\]/)
  })
})
