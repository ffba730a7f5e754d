/**
 * 客户报价 / 销售单 / 编号规则 (zh-CN, the source of keys; i18n.en.ts has exactly the same).
 * `status` keys mirror QUOTE_STATUSES / ORDER_STATUSES of the contract.
 */
export const salesZhCN = {
  nav: { quotes: '客户报价', orders: '销售单', numbering: '编号规则' },
  quoteStatus: { draft: '草稿', submitted: '审批中', approved: '已审批', rejected: '已驳回', sent: '已发送', accepted: '客户接受', declined: '客户拒绝', expired: '已过期', superseded: '已变更' },
  orderStatus: { draft: '草稿', submitted: '审批中', approved: '已审核', rejected: '已驳回', reversed: '已冲销', cancelled: '已作废' },
  fields: {
    number: '单号', customer: '客户', contact: '联系人', salesperson: '业务员', quoteDate: '报价日期', validUntil: '有效期至', orderDate: '订单日期',
    deliveryDate: '交货日期', paymentTerms: '付款方式', status: '状态', total: '价税合计', subtotal: '不含税金额', tax: '税额', version: '版本',
    terms: '报价条款', notes: '备注', priceIncludesTax: '单价含税', product: '产品', qty: '数量', unitPrice: '单价', discount: '折扣 %', taxRate: '税率 %',
    amount: '金额', cost: '成本', margin: '毛利', quote: '来源报价', createdAt: '创建时间', reason: '原因', opportunity: '商机',
  },
  list: {
    quotesTitle: '客户报价', quotesSubtitle: '报价、审批、发送与版本；录入时对照历史报价',
    ordersTitle: '销售单', ordersSubtitle: '成交后的销售单：审核后计入销售分析',
    newQuote: '新建报价', newOrder: '新建销售单', anyStatus: '全部状态', numberSearch: '按单号查找', loadMore: '加载更多',
    emptyQuotes: '还没有报价', emptyQuotesHint: '新建一份报价，选择客户和产品即可。', emptyOrders: '还没有销售单', emptyOrdersHint: '可以从客户接受的报价一键生成，也可以直接新建。',
    allVersions: '显示所有版本',
  },
  editor: {
    newQuote: '新建报价', editQuote: '编辑报价 {number}', newOrder: '新建销售单', editOrder: '编辑销售单 {number}',
    addLine: '添加产品', removeLine: '删除此行', pickProduct: '搜索产品编码、名称或拼音', noProduct: '没有匹配的产品',
    saveDraft: '保存草稿', saveSubmit: '保存并提交审批', listPrice: '标准价 {price}', belowFloor: '低于底价', needsLines: '请至少添加一个产品并填写数量和单价。',
    badNumber: '请输入有效的数字', unitHint: '单位：{unit}', saved: '已保存', submitted: '已提交审批',
    pickContact: '选择联系人（可不选）', pickOpportunity: '选择进行中的商机（可不选）', noContacts: '该客户还没有联系人', noOpportunities: '该客户没有进行中的商机',
    self: '本人', wonOnAccept: '客户接受报价后，该商机将自动标记为赢单。',
  },
  history: {
    title: '历史价格参考', pick: '选中一行产品，这里显示该产品以往的报价与成交价。', thisCustomer: '本客户', others: '其他客户',
    count: '{count} 次', min: '最低', median: '中位', last: '最近', none: '暂无记录', quote: '报价', order: '成交',
    hiddenCustomer: '其他客户', entry: '{date} · {who}', inclTax: '含税', exclTax: '不含税',
  },
  detail: {
    back: '返回列表', lines: '产品明细', versions: '版本', approval: '查看审批', submit: '提交审批', markSent: '标记为已发送',
    accept: '客户接受', decline: '客户拒绝', revise: '变更（新版本）', createOrder: '生成销售单', edit: '编辑', print: '打印', pdf: '保存为 PDF',
    printNoPrices: '打印（不含价格）', reverse: '冲销', cancel: '作废', provisional: '临时编号', provisionalHint: '连接服务器后将替换为正式编号',
    declineTitle: '客户拒绝报价', declineReason: '拒绝原因（可选）', reverseTitle: '冲销销售单', cancelTitle: '作废销售单',
    reverseHint: '冲销后该销售单不再计入销售分析，记录保留。', cancelHint: '作废后该单据保留但不能再修改或提交。', reasonRequired: '请填写原因',
    reviseConfirm: '将创建新版本（草稿），当前版本保留为“已变更”。', reviseTitle: '变更报价', fromQuote: '来源报价 {number}',
    marked: '已更新', reversed: '已冲销', cancelled: '已作废', orderCreated: '已生成销售单 {number}', approvedAt: '审核时间', reversedBy: '冲销人',
    declineReasonLabel: '拒绝原因', totalsInWords: '大写', noCost: '无成本', pdfUnavailable: '此环境不能生成 PDF，已打开打印对话框，可选择“另存为 PDF”。',
  },
  customer: {
    tabs: { quotes: '报价', orders: '销售单', expenses: '费用' },
    newQuote: '新建报价', emptyQuotes: '该客户还没有报价', emptyOrders: '该客户还没有销售单', emptyExpenses: '该客户还没有费用',
  },
  numbering: {
    title: '编号规则', subtitle: '单据编号 = 前缀 + 日期 + 流水号；流水号按周期重新开始。离线时先给临时编号，同步后由服务器给正式编号。',
    documentType: '单据', prefix: '前缀', datePart: '日期部分', serialWidth: '流水号位数', reset: '流水号重置', separator: '分隔符', example: '示例',
    docTypes: { quote: '客户报价', sales_order: '销售单' },
    dateParts: { none: '不含日期', YYYY: '年（2026）', YYYYMM: '年月（202611）', YYYYMMDD: '年月日（20261127）' },
    resets: { never: '不重置', yearly: '每年', monthly: '每月', daily: '每天' },
    separators: { none: '无' },
    default: '默认', saved: '编号规则已保存', readOnly: '只有管理员可以修改编号规则。',
  },
}

export const salesErrorsZhCN = {
  documentLocked: '单据已提交或已审批，不能修改；已审批的单据只能变更或冲销。',
  documentCustomerFixed: '单据的客户不能更改。',
  customerInPool: '公海中的客户不能报价或下单，请先领取。',
  productInactive: '产品 {code} 已停用，不能加入单据（第 {line} 行）。',
  amountTooLarge: '金额超出上限。',
  quoteWrongStatus: '报价当前状态不允许此操作。',
  quoteNotAccepted: '只有客户已接受的报价才能生成销售单。',
  quoteHasOrder: '该报价已经生成了销售单。',
  orderWrongStatus: '销售单当前状态不允许此操作。',
}
