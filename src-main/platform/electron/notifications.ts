import { Notification } from 'electron'
import type { NotificationsPort } from '../ports'

/** OS notifications; a click brings the app window forward. */
export class ElectronNotifications implements NotificationsPort {
  // Held until closed: a collected Notification object loses its click handler.
  private readonly live = new Set<Notification>()
  constructor(private readonly onClick: () => void) {}
  show(n: { title: string; body?: string; tag?: string }): void {
    if (!Notification.isSupported()) return
    const note = new Notification({ title: n.title, ...(n.body ? { body: n.body } : {}) })
    this.live.add(note)
    note.on('click', () => this.onClick())
    note.on('close', () => this.live.delete(note))
    note.show()
  }
}
