/**
 * Printable 报价单 / 销售单 (X-5): self-contained A4 HTML (inline CSS, no scripts, no external
 * resources) with the company header, the lines and the totals, the amount also in Chinese
 * capitals (金额大写) as Chinese business documents show it. `hidePrices` prints a quote
 * without prices. Every value is HTML-escaped.
 */
import type { DocLine } from '../../../src-preload/contracts/sales'
import { escapeHtml, type PrintLang } from '../customers/print-templates'

export interface PrintDoc {
  kind: 'quote' | 'order'
  company: string
  number: string
  provisional: boolean
  version: number | null
  date: string
  validUntil: string | null
  deliveryDate: string | null
  customer: string
  customerAddress: string | null
  contact: string | null
  salesperson: string
  paymentTerms: string | null
  terms: string | null
  priceIncludesTax: boolean
  lines: DocLine[]
  subtotal: number
  tax: number
  total: number
}

const TEXT = {
  'zh-CN': {
    quote: '报价单', order: '销售单', number: '单号', version: '版本', date: '日期', validUntil: '有效期至', delivery: '交货日期', customer: '客户',
    address: '地址', contact: '联系人', salesperson: '业务员', payment: '付款方式', terms: '条款与说明', code: '编码', name: '品名', spec: '规格',
    unit: '单位', qty: '数量', price: '单价', discount: '折扣', taxRate: '税率', amount: '金额', subtotal: '不含税金额', tax: '税额', total: '价税合计',
    inclTax: '（含税价）', exclTax: '（不含税价）', capital: '大写', provisional: '（临时编号）', sign: ['客户确认（签章）', '供方（签章）'], noPrices: '（本报价单不含价格）',
  },
  en: {
    quote: 'Quotation', order: 'Sales order', number: 'No.', version: 'Version', date: 'Date', validUntil: 'Valid until', delivery: 'Delivery date', customer: 'Customer',
    address: 'Address', contact: 'Contact', salesperson: 'Salesperson', payment: 'Payment terms', terms: 'Terms and notes', code: 'Code', name: 'Product', spec: 'Spec',
    unit: 'Unit', qty: 'Qty', price: 'Unit price', discount: 'Discount', taxRate: 'Tax', amount: 'Amount', subtotal: 'Net amount', tax: 'Tax', total: 'Total',
    inclTax: '(prices include tax)', exclTax: '(prices exclude tax)', capital: 'In words (CNY)', provisional: '(provisional)', sign: ['Customer (signature)', 'Supplier (signature)'], noPrices: '(quotation without prices)',
  },
} as const

export function money(fen: number): string {
  const neg = fen < 0
  const abs = Math.abs(fen)
  const yuan = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${neg ? '-' : ''}${yuan}.${String(abs % 100).padStart(2, '0')}`
}

/** 1500 → "1.5"; quantities are thousandths. */
export function qty(milli: number): string {
  const s = `${Math.floor(milli / 1000)}.${String(milli % 1000).padStart(3, '0')}`
  return s.replace(/\.?0+$/, '')
}

const permille = (p: number) => (p === 0 ? '' : `${(p / 10).toFixed(p % 10 === 0 ? 0 : 1)}%`)
const rate = (bp: number) => `${(bp / 100).toFixed(bp % 100 === 0 ? 0 : 2)}%`

const DIGITS = '零壹贰叁肆伍陆柒捌玖'
const UNITS = ['', '拾', '佰', '仟']
const GROUPS = ['', '万', '亿', '万亿']

/** 人民币大写: 12345.60 → 壹万贰仟叁佰肆拾伍元陆角整; 100010000 → 壹亿零壹万元整. */
export function rmbCapital(fen: number): string {
  if (fen === 0) return '零元整'
  const abs = Math.abs(fen)
  const yuan = Math.floor(abs / 100)
  const jiao = Math.floor(abs / 10) % 10
  const fenDigit = abs % 10
  let out = ''
  if (yuan > 0) {
    const s = String(yuan)
    let zero = false
    for (let i = 0; i < s.length; i++) {
      const pos = s.length - 1 - i
      const d = Number(s[i])
      if (d === 0) zero = true
      else {
        out += (zero && out ? '零' : '') + DIGITS[d]! + UNITS[pos % 4]!
        zero = false
      }
      // The 万 / 亿 of a group is written when the group has any non-zero digit.
      if (pos % 4 === 0 && pos > 0 && Number(s.slice(Math.max(0, i - 3), i + 1)) > 0) out += GROUPS[pos / 4]!
    }
    out += '元'
  }
  if (jiao === 0 && fenDigit === 0) out += '整'
  else {
    if (jiao > 0) out += `${DIGITS[jiao]}角`
    else if (out) out += '零'
    out += fenDigit > 0 ? `${DIGITS[fenDigit]}分` : '整'
  }
  return (fen < 0 ? '负' : '') + out
}

const FONT_STACK = `"SimSun", "宋体", "NSimSun", "Songti SC", "STSong", "Noto Serif CJK SC", "Source Han Serif SC", "Noto Sans CJK SC", "Microsoft YaHei", serif`
const CSS = `
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: ${FONT_STACK}; font-size: 10pt; color: #000; }
.company { text-align: center; font-size: 16pt; font-weight: bold; letter-spacing: 1pt; }
h1 { text-align: center; font-size: 14pt; margin: 1mm 0 4mm; letter-spacing: 4pt; }
.meta { display: grid; grid-template-columns: 1fr 1fr; gap: 1mm 6mm; margin-bottom: 3mm; }
.meta b { font-weight: normal; color: #333; }
table { width: 100%; border-collapse: collapse; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.3mm solid #000; padding: 1.2mm 1.5mm; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eee; }
td.num { text-align: right; white-space: nowrap; }
.totals td { font-weight: bold; }
.terms { margin-top: 4mm; white-space: pre-wrap; }
.sign { display: grid; grid-template-columns: 1fr 1fr; gap: 10mm; margin-top: 12mm; }
.sign div { border-top: 0.3mm solid #000; padding-top: 1mm; }
`

export function renderSalesDocument(lang: PrintLang, d: PrintDoc, hidePrices = false): string {
  const t = TEXT[lang]
  const e = escapeHtml
  const title = d.kind === 'quote' ? t.quote : t.order
  const meta: [string, string | null][] = [
    [t.number, `${d.number}${d.provisional ? ` ${t.provisional}` : ''}`], [t.date, d.date],
    [t.customer, d.customer], [t.contact, d.contact],
    [t.address, d.customerAddress], [t.salesperson, d.salesperson],
    ...(d.kind === 'quote' ? [[t.version, d.version ? `v${d.version}` : null], [t.validUntil, d.validUntil]] as [string, string | null][] : [[t.delivery, d.deliveryDate], [t.payment, d.paymentTerms]] as [string, string | null][]),
  ]
  const priceHeads = hidePrices ? [] : [t.price, t.discount, t.taxRate, t.amount]
  const heads = ['#', t.code, t.name, t.spec, t.unit, t.qty, ...priceHeads]
  const rows = d.lines.map((l) => {
    const prices = hidePrices ? '' : `<td class="num">${money(l.unitPrice)}</td><td class="num">${permille(l.discountPermille)}</td><td class="num">${rate(l.taxRate)}</td><td class="num">${money(d.priceIncludesTax ? l.total : l.amount)}</td>`
    return `<tr><td class="num">${l.lineNo}</td><td>${e(l.productCode)}</td><td>${e(l.productName)}${l.note ? `<br><small>${e(l.note)}</small>` : ''}</td><td>${e(l.spec)}</td><td>${e(l.unit)}</td><td class="num">${qty(l.qtyMilli)}</td>${prices}</tr>`
  }).join('\n')
  const span = heads.length - 1
  const totals = hidePrices ? '' : [
    [t.subtotal, money(d.subtotal)], [t.tax, money(d.tax)], [t.total, money(d.total)],
  ].map(([k, v]) => `<tr class="totals"><td colspan="${span}" class="num">${e(k)}</td><td class="num">${v}</td></tr>`).join('')
    + `<tr><td colspan="${span + 1}">${e(t.capital)}：${e(rmbCapital(d.total))}</td></tr>`
  return `<!DOCTYPE html>
<html lang="${lang}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${e(`${title} ${d.number}`)}</title><style>${CSS}</style></head>
<body>
<div class="company">${e(d.company)}</div>
<h1>${e(title)}</h1>
<div class="meta">${meta.map(([k, v]) => `<div><b>${e(k)}：</b>${e(v ?? '—')}</div>`).join('')}</div>
<table><thead><tr>${heads.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows}
${totals}
</tbody></table>
<div class="meta" style="margin-top:2mm">${hidePrices ? e(t.noPrices) : e(d.priceIncludesTax ? t.inclTax : t.exclTax)}</div>
${d.terms ? `<div class="terms"><b>${e(t.terms)}：</b>\n${e(d.terms)}</div>` : ''}
<div class="sign"><div>${e(t.sign[0])}</div><div>${e(t.sign[1])}</div></div>
</body></html>`
}
