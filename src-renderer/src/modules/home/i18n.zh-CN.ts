/** 演示数据 card on the dashboard (mounted at dashboard.demo), and its errors (mounted in errors). */
export const demoZhCN = {
  badge: '演示数据',
  offerTitle: '先看看一家“活”的公司？',
  offerText: '加载演示数据：一家虚构公司的 300 个客户、联系人、三年的跟进记录、商机、产品目录和销售团队。演示数据只保存在本机，不会同步，随时可以一键删除。',
  load: '加载演示数据',
  loading: '正在生成演示数据…',
  confirmLoadTitle: '加载演示数据？',
  confirmLoadText: '将在本机生成一家虚构公司的客户、跟进、商机、产品和销售人员，全部标记为演示数据，不会同步到服务器。',
  loaded: '演示数据已加载：{customers} 个客户，{followups} 条跟进。',
  presentTitle: '正在使用演示数据',
  presentText: '这里的客户、跟进和产品是虚构的演示数据，只在本机。开始正式使用前请删除；您自己录入的记录会保留。',
  remove: '删除演示数据',
  confirmRemoveTitle: '删除演示数据？',
  confirmRemoveText: '将删除全部演示记录。您自己录入的记录不受影响；被您的记录引用的演示客户会保留为普通记录。',
  removed: '已删除 {removed} 条演示记录，保留 {kept} 条被引用的记录。',
}

export const demoErrorsZhCN = {
  demoDataPresent: '已经加载过演示数据。',
  demoDataNotEmpty: '本机已有客户资料，不能再加载演示数据。',
}
