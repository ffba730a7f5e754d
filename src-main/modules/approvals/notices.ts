import type { SettingsPort } from '../../platform/ports'

/**
 * Texts of the approvals' desktop notifications. The operating system shows them without the
 * renderer, so main words them itself, in the device's language (system preferences).
 */
type Lang = 'zh-CN' | 'en'

const TEXT: Record<Lang, {
  todoTitle: string
  todoBody: (submitter: string, title: string) => string
  approvedTitle: string
  approvedBody: (title: string) => string
  rejectedTitle: string
  rejectedBody: (title: string) => string
  supersededTitle: string
  supersededBody: (by: string, title: string) => string
}> = {
  'zh-CN': {
    todoTitle: '新的待审批',
    todoBody: (submitter, title) => `${submitter} 提交的「${title}」等待您审批。`,
    approvedTitle: '审批已通过',
    approvedBody: (title) => `您提交的「${title}」已审批通过。`,
    rejectedTitle: '审批被驳回',
    rejectedBody: (title) => `您提交的「${title}」被驳回，请查看审批意见。`,
    supersededTitle: '该审批已由他人处理',
    supersededBody: (by, title) => `「${title}」该审批已由${by}处理，您的审批意见未生效。`,
  },
  en: {
    todoTitle: 'New approval request',
    todoBody: (submitter, title) => `${submitter} submitted "${title}" for your approval.`,
    approvedTitle: 'Approved',
    approvedBody: (title) => `"${title}" was approved.`,
    rejectedTitle: 'Rejected',
    rejectedBody: (title) => `"${title}" was rejected; see the approver's comment.`,
    supersededTitle: 'Already handled',
    supersededBody: (by, title) => `"${title}" had already been handled by ${by}; your decision did not count.`,
  },
}

export function approvalText(settings: SettingsPort): (typeof TEXT)[Lang] {
  const locale = settings.get<{ locale?: string }>('preferences', {}).locale
  return TEXT[locale === 'en' ? 'en' : 'zh-CN']
}
