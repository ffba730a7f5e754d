import '@mantine/core/styles.css'
import '@mantine/notifications/styles.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import type { Preferences } from '../../src-preload/contracts/system'
import { api } from './api'
import { App } from './app/App'

const DEFAULTS: Preferences = { locale: 'zh-CN', colorScheme: 'light' }
/** Do not hold the first paint for long if the host is slow; defaults are fine then. */
const PREFERENCES_WAIT_MS = 4000

async function loadPreferences(): Promise<Preferences> {
  const timeout = new Promise<Preferences>((resolve) => setTimeout(() => resolve(DEFAULTS), PREFERENCES_WAIT_MS))
  return Promise.race([api.system.getPreferences({}).catch(() => DEFAULTS), timeout])
}

async function start(): Promise<void> {
  const preferences = await loadPreferences()
  document.documentElement.lang = preferences.locale
  const root = document.getElementById('root')
  if (!root) throw new Error('index.html has no #root')
  createRoot(root).render(
    <StrictMode>
      <App preferences={preferences} />
    </StrictMode>,
  )
}

void start()
