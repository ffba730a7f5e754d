import { Button, Menu } from '@mantine/core'
import { IconCheck, IconLanguage } from '@tabler/icons-react'
import { LOCALES, useI18n, type Locale, type MessageKey } from '../i18n'

/** Each language is named in itself, so it can be found whatever the current language. */
const LABEL: Record<Locale, MessageKey> = { 'zh-CN': 'common.languages.zh', en: 'common.languages.en' }

/**
 * Language menu (中文 / English); switching re-renders the whole screen at once and saves the
 * preference. Testids: lang-switch (the button, data-locale), lang-zh-CN, lang-en (the options).
 */
export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n()
  return (
    // No exit animation: once a language is picked, the other language's name leaves the screen at once.
    <Menu position="bottom-end" shadow="md" width={160} transitionProps={{ transition: 'pop-top-right', duration: 120, exitDuration: 0 }}>
      <Menu.Target>
        <Button
          variant="default" size="sm" radius="md" px="sm" leftSection={<IconLanguage size={16} stroke={1.6} />}
          aria-label={t('common.language')} data-testid="lang-switch" data-locale={locale}
        >
          {t(LABEL[locale])}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('common.language')}</Menu.Label>
        {LOCALES.map((l) => (
          <Menu.Item
            key={l} lang={l} onClick={() => setLocale(l)} data-testid={`lang-${l}`}
            rightSection={l === locale ? <IconCheck size={14} /> : null}
          >
            {t(LABEL[l])}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  )
}
