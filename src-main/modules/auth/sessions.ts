/** Logged-in users per connection (Electron webContents, WebSocket). Memory only: a restart logs out. */
export class SessionStore {
  private byConnection = new Map<string, string>()
  constructor(private readonly onChange: (connectionId: string, userId: string | null) => void = () => {}) {}
  userFor(connectionId: string): string | null { return this.byConnection.get(connectionId) ?? null }
  set(connectionId: string, userId: string): void { this.byConnection.set(connectionId, userId); this.onChange(connectionId, userId) }
  clear(connectionId: string): void {
    if (this.byConnection.delete(connectionId)) this.onChange(connectionId, null)
  }
  /** Ends every session of a user (disabled account, password reset). */
  clearUser(userId: string, exceptConnection?: string): void {
    for (const [c, u] of this.byConnection) if (u === userId && c !== exceptConnection) this.clear(c)
  }
  connectionsOf(userId: string): string[] { return [...this.byConnection].filter(([, u]) => u === userId).map(([c]) => c) }
}
