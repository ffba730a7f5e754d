/** 客户费用 / 费用预算 (zh-CN, the source of keys; i18n.en.ts has exactly the same). */
export const expensesZhCN = {
  nav: { expenses: '客户费用', budgets: '费用预算' },
  category: { travel: '差旅费', entertainment: '招待费', gifts: '礼品费', samples: '样品费', other: '其他费用' },
  status: { draft: '草稿', submitted: '审批中', approved: '已审批', rejected: '已驳回' },
  fields: {
    customer: '客户', order: '关联销售单', category: '费用类型', amount: '金额（元）', date: '发生日期', description: '说明', receipt: '票据照片',
    submitter: '报销人', office: '办事处', status: '状态', month: '月份',
  },
  list: {
    title: '客户费用', subtitle: '为客户发生的差旅、招待、礼品、样品等费用，提交审批并计入办事处预算',
    add: '记录费用', anyStatus: '全部状态', anyCategory: '全部类型', empty: '还没有费用记录', emptyHint: '拜访、招待或寄样后，在这里记录费用并上传票据。', loadMore: '加载更多',
    receipt: '有票据',
  },
  form: {
    titleNew: '记录客户费用', titleEdit: '修改客户费用', upload: '上传票据（PNG/JPEG/WebP，≤ 1 MB）', replace: '更换票据', removeReceipt: '移除票据',
    saveDraft: '保存草稿', saveSubmit: '保存并提交审批', invalidAmount: '请输入大于 0 的金额，最多两位小数', noOrder: '不关联', saved: '已保存', submitted: '已提交审批',
    approvedAtOnce: '已提交：无需审批，已自动通过',
  },
  detail: { title: '费用详情', submit: '提交审批', edit: '修改', remove: '删除', removeConfirm: '确定删除这条费用记录吗？', removed: '已删除', approval: '审批记录', noReceipt: '此设备上没有票据照片' },
  meter: {
    title: '{office} {month} 费用预算', noOffice: '您不属于任何办事处，费用不计入预算。', noBudget: '本月未设置预算；已用 {used}',
    line: '已用 {used} / 预算 {budget}', thisOne: '本笔 {amount}', remaining: '剩余 {remaining}', over: '超出预算 {over}',
    warning: '本笔费用将使{office}本月费用超出预算 {over}。仍可提交，审批人会看到。',
  },
  budgets: {
    title: '费用预算', subtitle: '按办事处、按月设置费用预算；已用 = 已审批 + 审批中的费用', month: '月份', office: '办事处', budget: '预算（元）',
    approved: '已审批', submitted: '审批中', used: '已用', remaining: '剩余', usage: '使用率', notSet: '未设置', save: '保存', clear: '清除',
    saved: '预算已保存', empty: '还没有办事处', emptyHint: '先在“组织架构”中创建办事处。', invalid: '请输入有效金额',
  },
}

export const expensesErrorsZhCN = {
  expenseLocked: '该费用已提交或已审批，不能修改或删除。',
}
