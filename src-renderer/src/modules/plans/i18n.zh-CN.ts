/** 销售计划 / 计划完成情况 (zh-CN, the source of keys; i18n.en.ts has exactly the same). */
export const plansZhCN = {
  nav: { plans: '计划完成情况' },
  scope: { user: '业务员', office: '办事处', department: '部门' },
  title: '计划完成情况', subtitle: '销售计划与完成：按已审核、未冲销的销售单（不含税金额）计算',
  period: '期间', month: '月度', quarter: '季度', quarterN: '第{n}季度', range: '{from} 至 {to}',
  target: '对象', category: '产品分类', allProducts: '全部产品', amount: '目标（元）', completed: '完成', ratio: '完成率', rank: '排名', note: '备注',
  set: '设定计划', edit: '修改', remove: '删除', removeConfirm: '确定删除“{name}”的这项计划吗？', saved: '计划已保存', removed: '计划已删除',
  empty: '本期还没有销售计划', emptyHint: '经理可以为业务员、办事处或部门设定本月或本季度的目标。', invalidAmount: '请输入有效金额',
  ranking: '排名', progress: '完成进度', chart: '目标与完成', noTarget: '目标为 0', all: '全部',
}

export const plansErrorsZhCN = {
  planPeriod: '期间格式不正确，应为 2026-11 或 2026-Q4。',
}
