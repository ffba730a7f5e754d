import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { decodeText, detectDelimiter, parseDelimited, readImportTable, toCsvBytes } from '../import-parse'
import { buildGroups, normalizeDate, suggestMapping, type ImportRefs } from '../import-rows'
import { escapeHtml, LABELS_PER_SHEET, renderPrintHtml, type PrintItem } from '../print-templates'
import { buildVcard, foldLine, parseVcards, splitName, type VCardContact } from '../vcard'
import { cellText, readXlsx, writeXlsx } from '../xlsx'

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url))
const refs: ImportRefs = { levels: [{ code: 'A', name: '重点' }, { code: 'B', name: '普通' }, { code: 'C', name: '非优先' }], fields: [] }
const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'))

describe('CSV decoding and parsing', () => {
  it('detects UTF-8 with BOM, plain UTF-8, GB18030 and UTF-16 and keeps Chinese intact', () => {
    const text = '客户名称,联系人\r\n北京莱邦,张伟\r\n'
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]))).toEqual({ text, encoding: 'utf-8-bom' })
    expect(decodeText(utf8(text))).toEqual({ text, encoding: 'utf-8' })
    const gbk = decodeText(fixture('customers-gbk.csv'))
    expect(gbk.encoding).toBe('gb18030')
    expect(gbk.text.startsWith('客户名称,联系人,手机')).toBe(true)
    expect(gbk.text).toContain('欧阳娜娜')
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('客户名称\t联系人\r\n', 'utf16le')])
    expect(decodeText(utf16)).toEqual({ text: '客户名称\t联系人\r\n', encoding: 'utf-16le' })
  })

  it('parses quoted fields with separators, doubled quotes, CRLF and line breaks inside quotes', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","line1\r\nline2"\r\n1,,3\n4,5,6'
    expect(parseDelimited(text, ',')).toEqual([['a', 'b', 'c'], ['x, y', 'say "hi"', 'line1\r\nline2'], ['1', '', '3'], ['4', '5', '6']])
    expect(parseDelimited('a,"",c\r\n', ',')).toEqual([['a', '', 'c']])
  })

  it('detects tab and semicolon separators from the header line', () => {
    expect(detectDelimiter('客户名称\t联系人\t手机\n北京,张伟,1')).toBe('\t')
    expect(detectDelimiter('客户名称;联系人;"a,b,c"\n')).toBe(';')
    expect(detectDelimiter('客户名称,联系人\n')).toBe(',')
    expect(detectDelimiter('客户名称\n')).toBe(',')
  })

  it('reads a table with row numbers, blank rows dropped and duplicate headers made unique', async () => {
    const t = await readImportTable('a.csv', utf8('\uFEFF客户名称;电话;电话;\n北京;1;2;\n;;;\n上海;3;4;\n'))
    expect(t.delimiter).toBe(';')
    expect(t.columns).toEqual(['客户名称', '电话', '电话 (2)', '#4'])
    expect(t.rows).toEqual([{ row: 2, cells: ['北京', '1', '2', ''] }, { row: 4, cells: ['上海', '3', '4', ''] }])
  })

  it('writes CSV that Excel opens as UTF-8 and that reads back the same, formulas guarded', async () => {
    const rows = [['客户名称', '备注', '电话'], ['莱邦, "北京"', '多行\n备注', '+86 10 8888'], ['=HYPERLINK("x")', '@cmd', '-5']]
    const bytes = toCsvBytes(rows)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(Buffer.from(bytes).toString('utf8')).toContain(`"'=HYPERLINK(""x"")"`)
    const t = await readImportTable('x.csv', bytes)
    expect([t.columns, ...t.rows.map((r) => r.cells)]).toEqual(rows)
  })

  it('refuses empty files and old binary .xls with their own message keys', async () => {
    await expect(readImportTable('a.csv', new Uint8Array())).rejects.toMatchObject({ messageKey: 'errors.importEmpty' })
    await expect(readImportTable('a.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0]))).rejects.toMatchObject({ messageKey: 'errors.importXlsUnsupported' })
  })
})

describe('xlsx', () => {
  it('reads a WPS/Excel-style file: rich text, merged cells, numeric phones, dates, formulas, hyperlinks', async () => {
    const t = await readImportTable('客户.xlsx', fixture('customers-wps.xlsx'))
    expect(t.fileType).toBe('xlsx')
    expect(t.rows.map((r) => r.cells.slice(0, 5))).toEqual([
      ['杭州西湖茶叶有限公司', '陈静', '13512345678', '总经理', '1980-05-20'],
      ['杭州西湖茶叶有限公司', '周杰', '13612345678', '采购', '1992-12-01'],
      ['成都天府软件有限公司', '刘洋', '13812345678', '', '1988/2/29'],
    ])
    expect(t.rows[0]!.cells[8]).toBe('www.xihutea.cn')
  })

  it('writes string cells that read back unchanged', async () => {
    const bytes = await writeXlsx({ name: '客户', columns: [{ header: '客户名称' }, { header: '手机' }], rows: [['北京莱邦', '013800138000']] })
    expect(await readXlsx(bytes)).toEqual([['客户名称', '手机'], ['北京莱邦', '013800138000']])
    expect(cellText(1.5)).toBe('1.5')
    expect(cellText({ error: '#N/A' })).toBe('')
  })
})

describe('mapping and row validation', () => {
  it('suggests targets from Chinese and English headers, hints and stars ignored', () => {
    const cols = ['客户名称*', '联系人', '手机号码', '电话', '邮箱', '省份', '城市', '详细地址', '客户级别', '行业', '来源', '标签（用、分隔）', '备注', '统一社会信用代码', 'Website', 'Title', '无关列', '客户名称 (2)']
    const m = suggestMapping(cols, { levels: [], fields: [{ key: 'scale', label: '企业规模', type: 'text', options: [] }] })
    expect(m).toMatchObject({ '客户名称*': 'name', 联系人: 'contact.name', 手机号码: 'contact.mobile', 电话: 'phone', 邮箱: 'contact.email', 省份: 'province', 城市: 'city', 详细地址: 'address', 客户级别: 'level', 行业: 'industry', 来源: 'source', '标签（用、分隔）': 'tags', 备注: 'notes', 统一社会信用代码: 'creditCode', Website: 'website', Title: 'contact.title', 无关列: '' })
    expect(suggestMapping(['企业规模'], { levels: [], fields: [{ key: 'scale', label: '企业规模', type: 'text', options: [] }] })).toEqual({ 企业规模: 'custom.scale' })
  })

  it('groups consecutive rows of one customer into contacts and validates every field', async () => {
    const csv = ['客户名称,联系人,手机,邮箱,级别,状态,统一社会信用代码,标签,生日,电话',
      '北京莱邦,张伟,13800138000,zw@laibang.cn,A,活跃,91440300MA5F3LQ4AA,重点；老客户、华北,1985/6/15,010-88886666',
      '北京莱邦,李娜,13900139000,,A,活跃,,,,010-88886666',
      ',王强,13700137000,,,,,,,',
      '上海浦江,赵六,12345,not-mail,Z,maybe,91440300MA5F3LQ4AB,,1985-02-30,abc',
      ',孙七,,,,,,,,',
      '北京莱邦,钱八,,,B,,,,,'].join('\n')
    const t = await readImportTable('a.csv', utf8(csv))
    const groups = buildGroups(t, suggestMapping(t.columns, refs), refs)
    expect(groups.map((g) => [g.row, g.lastRow, g.customer.name, g.contacts.map((c) => c.name)])).toEqual([
      [2, 4, '北京莱邦', ['张伟', '李娜', '王强']], [5, 6, '上海浦江', ['赵六', '孙七']], [7, 7, '北京莱邦', ['钱八']]])
    const [bj, sh] = groups
    expect(bj!.errors).toEqual([])
    expect(bj!.customer).toMatchObject({ level: 'A', status: 'active', creditCode: '91440300MA5F3LQ4AA', tags: ['重点', '老客户', '华北'], phone: '010-88886666' })
    expect(bj!.contacts[0]).toMatchObject({ mobile: '13800138000', email: 'zw@laibang.cn', birthday: '1985-06-15' })
    expect(sh!.errors.map((e) => `${e.row}:${e.field}:${e.messageKey}`).sort()).toEqual([
      '5:contact.birthday:errors.importInvalidDate', '5:contact.email:errors.importInvalidEmail', '5:contact.mobile:errors.importInvalidMobile',
      '5:creditCode:errors.importInvalidCreditCode', '5:level:errors.importUnknownLevel', '5:phone:errors.importInvalidPhone', '5:status:errors.importInvalidStatus'])
  })

  it('reports a missing name, a contact without a name and conflicting customer values on later rows', async () => {
    const t = await readImportTable('a.csv', utf8('客户名称,联系人,手机,省份\n,张三,13800138000,北京\n北京莱邦,,13900139000,北京\n北京莱邦,李四,,上海\n'))
    const groups = buildGroups(t, suggestMapping(t.columns, refs), refs)
    expect(groups.flatMap((g) => g.errors.map((e) => `${e.row}:${e.field}:${e.messageKey}`))).toEqual([
      '2:name:errors.importNameRequired', '3:contact.name:errors.importContactNameRequired', '4:province:errors.importConflictingValues'])
  })

  it('normalises the dates people type and rejects impossible ones', () => {
    expect(['2026-1-5', '2026/01/05', '2026.1.5', '2026年1月5日', '20260105', '46027'].map(normalizeDate)).toEqual(Array(6).fill('2026-01-05'))
    expect(['2026-02-30', 'soon', '1850-01-01'].map(normalizeDate)).toEqual([null, null, null])
  })
})

const card: VCardContact = {
  name: '欧阳娜娜', org: '深圳鹏城电子股份有限公司; 南山, 分部', title: '销售\\总监', mobile: '13600136000', phone: '0755-8888 6666 转 12', email: 'nana@pc.cn',
  wechat: 'nana_wx', birthday: '1990-03-01', address: { province: '广东省', city: '深圳市', street: '南山区科技园路一号' + '很长的地址'.repeat(10) }, uid: '0192f0c0-0000-7000-8000-000000000001',
}

describe('vCard', () => {
  it('splits Chinese names into surname and given name, compound surnames included', () => {
    expect(splitName('张伟')).toEqual({ family: '张', given: '伟' })
    expect(splitName('欧阳娜娜')).toEqual({ family: '欧阳', given: '娜娜' })
    expect(splitName('John Smith')).toEqual({ family: 'Smith', given: 'John' })
  })

  it('folds at 75 octets without breaking a UTF-8 character', () => {
    const line = `NOTE:${'莱邦客户关系管理'.repeat(10)}`
    const folded = foldLine(line)
    for (const l of folded.split('\r\n')) {
      expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75)
      expect(Buffer.from(l, 'utf8').toString('utf8')).toBe(l)
    }
    expect(folded.split('\r\n').map((l, i) => (i === 0 ? l : l.slice(1))).join('')).toBe(line)
  })

  it.each(['3.0', '4.0'] as const)('round-trips a contact with Chinese text through vCard %s', (version) => {
    const text = buildVcard(card, version)
    expect(text).toContain(`VERSION:${version}`)
    expect(text).toContain('N:欧阳;娜娜;;;')
    expect(text).toContain(version === '3.0' ? 'TEL;TYPE=CELL:13600136000' : 'TEL;VALUE=uri;TYPE=cell:tel:13600136000')
    expect(text).toContain('ORG:深圳鹏城电子股份有限公司\\; 南山\\, 分部')
    const [back] = parseVcards(Buffer.from(text, 'utf8'))
    expect(back).toEqual({ ...card, phone: version === '3.0' ? card.phone : '0755-88886666 转 12' })
  })

  it('reads folded 3.0 files with split characters, 2.1 quoted-printable and 4.0 tel URIs', () => {
    const v3 = parseVcards(fixture('contacts-v3.vcf'))
    expect(v3.map((c) => [c.name, c.org, c.mobile])).toEqual([
      ['张伟', '北京莱邦科技有限公司', '138 0013 8000'], ['欧阳娜娜', '深圳鹏城电子股份有限公司, 南山分部', '13600136000'], ['王芳', '上海浦江贸易有限公司', '13700137000']])
    expect(v3[0]!.address?.street).toBe('海淀区中关村大街1号莱邦大厦A座十八层1801室（请走东门, 前台登记后乘坐电梯）')
    const [v4] = parseVcards(fixture('contacts-v4.vcf'))
    expect(v4).toMatchObject({ name: '李娜', mobile: '+86-139-0013-9000', phone: '010-88886666 转 123', birthday: '1990-03-01', wechat: 'lina_wx' })
  })
})

describe('print templates', () => {
  const item = (n: number): PrintItem => ({ customerName: `客户${n}<b>`, contactName: `联系人${n}`, contactTitle: null, mobile: `1380000${String(n).padStart(4, '0')}`, phone: null, province: '北京市', city: '北京市', address: `中关村${n}号` })

  it('puts 14 labels on each A4 sheet with a page break between sheets', () => {
    const html = renderPrintHtml('labels', 'zh-CN', Array.from({ length: 30 }, (_, i) => item(i + 1)), '2026-11-27 09:00')
    const sheets = html.split('<section class="sheet">').slice(1)
    expect(sheets.map((s) => s.split('<div class="label">').length - 1)).toEqual([LABELS_PER_SHEET, LABELS_PER_SHEET, 2])
    expect(html).toContain('99.1mm')
    expect(html).toContain('page-break-after: always')
    expect(html).toContain('联系人1 收')
    expect(html).not.toContain('<b>')
    expect(html).toContain('客户1&lt;b&gt;')
  })

  it('builds address and phone lists with bilingual headers, escaped, no scripts', () => {
    const zh = renderPrintHtml('addressList', 'zh-CN', [item(1)], '2026-11-27')
    expect(zh).toContain('<th>客户名称</th><th>联系人</th><th>地址</th><th>电话</th>')
    expect(zh).toContain('北京市 北京市 中关村1号')
    expect(zh).toContain('SimSun')
    const en = renderPrintHtml('phoneList', 'en', [item(1)], '2026-11-27')
    expect(en).toContain('<th>Customer</th><th>Contact</th><th>Title</th><th>Mobile</th><th>Phone</th>')
    expect(en).not.toMatch(/<script/i)
    expect(escapeHtml(`<img src=x onerror="a('b')">&`)).toBe('&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;')
  })
})
