import type { SettingsPort } from '../../platform/ports'

/**
 * Texts of the pool's desktop notifications. The operating system shows them without the
 * renderer, so main words them itself, in the device's language (system preferences).
 */
type Lang = 'zh-CN' | 'en'

const TEXT: Record<Lang, {
  warnTitle: (n: number, days: number) => string
  claimLostTitle: string
  claimLostBody: (name: string) => string
  claimRejectedBody: (name: string) => string
}> = {
  'zh-CN': {
    warnTitle: (n, days) => `${n} 个客户将在 ${days} 天内收回公海`,
    claimLostTitle: '领取未成功',
    claimLostBody: (name) => `「${name}」已被他人先领取，已从您的客户中移除。`,
    claimRejectedBody: (name) => `「${name}」的领取未获确认，客户已退回公海。`,
  },
  en: {
    warnTitle: (n, days) => `${n} customer(s) return to the pool within ${days} day(s)`,
    claimLostTitle: 'Claim not confirmed',
    claimLostBody: (name) => `Someone else claimed "${name}" first; it was removed from your customers.`,
    claimRejectedBody: (name) => `Your claim of "${name}" was not confirmed; the customer is back in the pool.`,
  },
}

export function poolText(settings: SettingsPort): (typeof TEXT)[Lang] {
  const locale = settings.get<{ locale?: string }>('preferences', {}).locale
  return TEXT[locale === 'en' ? 'en' : 'zh-CN']
}

/** "A、B、C 等 5 个" style list of customer names for a notification body, kept short. */
export function nameList(names: string[], max = 5): string {
  const shown = names.slice(0, max).join('、')
  return names.length > max ? `${shown} …(+${names.length - max})` : shown
}
