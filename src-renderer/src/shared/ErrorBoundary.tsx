import { Component, type ErrorInfo, type ReactNode } from 'react'
import { Alert, Button, Center, Stack } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { useT } from '../app/i18n'

interface Props { children: ReactNode }
interface State { error: Error | null }

function CrashNotice() {
  const t = useT()
  return (
    <Center py="xl" px="md">
      <Alert color="red" variant="light" maw={520} icon={<IconAlertTriangle size={18} />} title={t('common.crashed')} data-testid="crashed">
        <Stack gap="sm" align="flex-start">
          {t('common.crashedHint')}
          <Button size="xs" color="red" variant="white" onClick={() => window.location.reload()}>{t('common.reload')}</Button>
        </Stack>
      </Alert>
    </Center>
  )
}

/**
 * Keeps a failing page (a render bug, or a page chunk that could not be loaded because the
 * host went away) from blanking the whole window. Give it a `key` that changes on navigation.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null }

  static getDerivedStateFromError(error: Error): State {
    return { error }
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.warn('page crashed', error, info.componentStack)
  }

  override render(): ReactNode {
    return this.state.error ? <CrashNotice /> : this.props.children
  }
}
