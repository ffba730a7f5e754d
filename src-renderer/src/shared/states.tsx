import type { ReactNode } from 'react'
import { Alert, Button, Center, EmptyState, Loader } from '@mantine/core'
import { IconAlertTriangle, IconInbox } from '@tabler/icons-react'
import type { ApiError } from '../api'
import { errorText, useT } from '../app/i18n'

export function LoadingState() {
  const t = useT()
  return (
    <Center py="xl" data-testid="loading">
      <Loader size="md" aria-label={t('common.loading')} />
    </Center>
  )
}

/** A failed load: the translated reason and a retry button. */
export function ErrorState({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const t = useT()
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={t('common.loadFailed')} data-testid="load-error">
      {errorText(t, error)}
      {onRetry && (
        <Button variant="white" color="red" size="xs" mt="sm" display="block" onClick={onRetry}>{t('common.retry')}</Button>
      )}
    </Alert>
  )
}

export function Empty({ title, description, icon, action, testId = 'empty' }: { title: string; description?: string; icon?: ReactNode; action?: ReactNode; testId?: string }) {
  return (
    <EmptyState py="xl" title={title} description={description} icon={icon ?? <IconInbox size={32} stroke={1.5} />} withIndicatorBackground data-testid={testId}>
      {action && <EmptyState.Actions>{action}</EmptyState.Actions>}
    </EmptyState>
  )
}
