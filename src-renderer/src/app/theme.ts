import { Badge, createTheme, type MantineColorScheme, type MantineColorSchemeManager } from '@mantine/core'
import { api } from '../api'

const fontFamily = "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Helvetica Neue', Arial, sans-serif"

export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 6, dark: 5 },
  defaultRadius: 'md',
  fontFamily,
  headings: { fontFamily, fontWeight: '600' },
  cursorType: 'pointer',
  components: {
    // Upper-case labels suit Latin acronyms, not Chinese or mixed text.
    Badge: Badge.extend({ styles: { label: { textTransform: 'none' } } }),
  },
})

/**
 * Keeps the colour scheme in the device preferences (`system.setPreferences`) rather than
 * localStorage, so the desktop app and the login screen share it.
 */
export function preferencesColorSchemeManager(initial: MantineColorScheme): MantineColorSchemeManager {
  let current = initial
  return {
    get: () => current,
    set: (value) => {
      current = value
      api.system.setPreferences({ colorScheme: value }).catch(() => undefined)
    },
    subscribe: () => undefined,
    unsubscribe: () => undefined,
    clear: () => undefined,
  }
}
