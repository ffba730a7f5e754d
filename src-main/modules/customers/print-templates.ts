/**
 * Printable HTML for customer lists: address list, phone list and mailing labels on an A4
 * sheet of 2 × 7 labels (99.1 × 38.1 mm, the common L7163 / 14-up layout). Self-contained
 * (inline CSS, no scripts, no external resources) so Electron's printToPDF, headless Chromium
 * and the browser's own print all give the same pages. Every value is HTML-escaped.
 */

export type PrintKind = 'addressList' | 'phoneList' | 'labels'
export type PrintLang = 'zh-CN' | 'en'

export interface PrintItem {
  customerName: string
  contactName: string | null
  contactTitle: string | null
  mobile: string | null
  phone: string | null
  province: string | null
  city: string | null
  address: string | null
}

export const LABELS_PER_SHEET = 14

const TEXT = {
  'zh-CN': {
    addressList: '客户地址清单', phoneList: '客户电话清单', labels: '邮寄标签',
    customer: '客户名称', contact: '联系人', title: '职务', address: '地址', phone: '电话', mobile: '手机',
    printed: '打印时间', count: (n: number) => `共 ${n} 条`, attn: (name: string) => `${name} 收`,
  },
  en: {
    addressList: 'Customer address list', phoneList: 'Customer phone list', labels: 'Mailing labels',
    customer: 'Customer', contact: 'Contact', title: 'Title', address: 'Address', phone: 'Phone', mobile: 'Mobile',
    printed: 'Printed', count: (n: number) => `${n} ${n === 1 ? 'entry' : 'entries'}`, attn: (name: string) => `Attn: ${name}`,
  },
} as const

export function escapeHtml(v: string | null | undefined): string {
  return (v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

/** 宋体-style serif as Chinese print templates use, with the CJK fonts Linux and macOS ship. */
const FONT_STACK = `"SimSun", "宋体", "NSimSun", "Songti SC", "STSong", "Noto Serif CJK SC", "Source Han Serif SC", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", serif`

const BASE_CSS = `
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: ${FONT_STACK}; font-size: 10.5pt; color: #000; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
`

const LIST_CSS = `
@page { size: A4; margin: 15mm 12mm 15mm 12mm; }
h1 { font-size: 15pt; margin: 0 0 2mm 0; text-align: center; }
.meta { font-size: 9pt; text-align: center; margin-bottom: 4mm; }
table { width: 100%; border-collapse: collapse; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
th, td { border: 0.3mm solid #000; padding: 1.2mm 1.6mm; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
td.tel, td.who { white-space: nowrap; }
th { background: #eee; font-weight: bold; }
td.n { width: 9mm; text-align: right; }
`

/* L7163: top margin 15.1 mm, left 4.65 mm, column pitch 101.6 mm (2.5 mm gap), row pitch 38.1 mm. */
const LABEL_CSS = `
@page { size: A4; margin: 0; }
.sheet { width: 210mm; height: 297mm; padding: 15.1mm 0 0 4.65mm; overflow: hidden; page-break-after: always; break-after: page; }
.sheet:last-child { page-break-after: auto; break-after: auto; }
.grid { display: grid; grid-template-columns: 99.1mm 99.1mm; grid-auto-rows: 38.1mm; column-gap: 2.5mm; }
.label { width: 99.1mm; height: 38.1mm; padding: 4mm 5mm; overflow: hidden; display: flex; flex-direction: column; justify-content: center; gap: 1mm; }
.label .addr { font-size: 10pt; }
.label .org { font-size: 11pt; font-weight: bold; }
.label .attn { font-size: 11pt; }
.label .tel { font-size: 9pt; }
.label div { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
`

function fullAddress(i: PrintItem): string {
  return [i.province, i.city, i.address].filter((s) => s && s.trim()).join(' ')
}

function page(lang: PrintLang, title: string, css: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title><style>${BASE_CSS}${css}</style></head>
<body>${body}</body></html>`
}

function listTable(lang: PrintLang, kind: 'addressList' | 'phoneList', items: PrintItem[], printedAt: string): string {
  const t = TEXT[lang]
  const heads = kind === 'addressList' ? [t.customer, t.contact, t.address, t.phone] : [t.customer, t.contact, t.title, t.mobile, t.phone]
  // Phone numbers never wrap mid-number; two numbers go on two lines.
  const tel = (...v: (string | null)[]) => `<td class="tel">${v.filter(Boolean).map((x) => escapeHtml(x)).join('<br>')}</td>`
  const rows = items.map((i, n) => {
    const cells = kind === 'addressList'
      ? [`<td>${escapeHtml(i.customerName)}</td>`, `<td class="who">${escapeHtml(i.contactName)}</td>`, `<td>${escapeHtml(fullAddress(i))}</td>`, tel(i.mobile, i.phone)]
      : [`<td>${escapeHtml(i.customerName)}</td>`, `<td class="who">${escapeHtml(i.contactName)}</td>`, `<td>${escapeHtml(i.contactTitle)}</td>`, tel(i.mobile), tel(i.phone)]
    return `<tr><td class="n">${n + 1}</td>${cells.join('')}</tr>`
  }).join('\n')
  return `<h1>${escapeHtml(t[kind])}</h1>
<div class="meta">${escapeHtml(`${t.printed}: ${printedAt} · ${t.count(items.length)}`)}</div>
<table><thead><tr><th>#</th>${heads.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody></table>`
}

function label(lang: PrintLang, i: PrintItem): string {
  const t = TEXT[lang]
  const lines = [
    `<div class="addr">${escapeHtml(fullAddress(i))}</div>`,
    `<div class="org">${escapeHtml(i.customerName)}</div>`,
    i.contactName ? `<div class="attn">${escapeHtml(t.attn(i.contactName))}</div>` : '',
    i.mobile || i.phone ? `<div class="tel">${escapeHtml(i.mobile || i.phone)}</div>` : '',
  ]
  return `<div class="label">${lines.join('')}</div>`
}

function labelSheets(lang: PrintLang, items: PrintItem[]): string {
  const sheets: string[] = []
  for (let start = 0; start < Math.max(items.length, 1); start += LABELS_PER_SHEET) {
    const chunk = items.slice(start, start + LABELS_PER_SHEET)
    sheets.push(`<section class="sheet"><div class="grid">${chunk.map((i) => label(lang, i)).join('\n')}</div></section>`)
  }
  return sheets.join('\n')
}

/** The printable document; `printedAt` is passed in so output is reproducible in tests. */
export function renderPrintHtml(kind: PrintKind, lang: PrintLang, items: PrintItem[], printedAt: string): string {
  const title = TEXT[lang][kind]
  if (kind === 'labels') return page(lang, title, LABEL_CSS, labelSheets(lang, items))
  return page(lang, title, LIST_CSS, listTable(lang, kind, items, printedAt))
}
