import { useMemo } from 'react'
import { notifications } from '@mantine/notifications'
import { toApiError, type ApiError } from '../api'
import { errorText, useT, type MessageKey, type Params } from '../app/i18n'

/** Rendered at display time, so an open notification follows a language switch. */
function Message({ k, params }: { k: MessageKey; params?: Params }) {
  return useT()(k, params)
}

function ErrorMessage({ error }: { error: ApiError }) {
  return errorText(useT(), error)
}

/** Shows translated success and error notifications. Testids notify-success, notify-error. */
export function useNotify() {
  return useMemo(() => ({
    success: (key: MessageKey, params?: Params) => {
      notifications.show({ color: 'teal', title: <Message k="common.successTitle" />, message: <Message k={key} params={params} />, 'data-testid': 'notify-success' })
    },
    error: (err: unknown) => {
      notifications.show({ color: 'red', title: <Message k="common.errorTitle" />, message: <ErrorMessage error={toApiError(err)} />, autoClose: 8000, 'data-testid': 'notify-error' })
    },
  }), [])
}
