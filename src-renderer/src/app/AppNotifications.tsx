import { notifications } from '@mantine/notifications'
import { useEvent } from '../api'
import { useI18n } from './i18n'

/**
 * Desktop notifications and due reminders main pushes; in browser mode there is no OS
 * notification, so the page shows them itself.
 */
export function AppNotifications() {
  const { fmt } = useI18n()
  useEvent('notification.show', (n) => {
    notifications.show({ id: n.tag, title: n.title, message: n.body ?? '', color: 'indigo', autoClose: 10_000 })
  })
  useEvent('reminder.due', (r) => {
    notifications.show({ id: `reminder-${r.id}`, title: r.title, message: r.body ?? fmt.dateTime(r.dueAt), color: r.late ? 'orange' : 'indigo', autoClose: false, 'data-testid': 'reminder-notification' })
  })
  return null
}
