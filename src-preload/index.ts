import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { EVENT_CHANNEL, IPC_PREFIX, listMethods, type EventName, type Result } from './contracts'
import type { DesktopApi, EventsApi } from './api'

/*
 * Runs sandboxed and context-isolated. It exposes plain functions only, never ipcRenderer:
 * one IPC channel per contract method, so main can allow-list channels one by one.
 */

type Method = (input: unknown) => Promise<unknown>

function buildMethods(): Record<string, Record<string, Method>> {
  const api: Record<string, Record<string, Method>> = {}
  for (const { name, domain, action } of listMethods()) {
    if (domain === 'events' || domain === 'runtime') throw new Error(`contract domain name '${domain}' is reserved by the preload`)
    const channel = IPC_PREFIX + name
    const domainApi = (api[domain] ??= {})
    domainApi[action] = async (input: unknown) => {
      const r = (await ipcRenderer.invoke(channel, input)) as Result<unknown>
      // A plain AppErrorShape ({ code, messageKey, details }) crosses the bridge as a copy.
      if (!r.ok) throw r.error
      return r.value
    }
  }
  return api
}

/** All events arrive on one channel as `{ name, payload }`; listeners are filtered by name. */
function buildEvents(): EventsApi {
  return {
    on(name, cb) {
      const listener = (_e: IpcRendererEvent, msg: { name: EventName; payload: unknown }) => {
        if (msg && msg.name === name) cb(msg.payload as Parameters<typeof cb>[0])
      }
      ipcRenderer.on(EVENT_CHANNEL, listener)
      return () => { ipcRenderer.removeListener(EVENT_CHANNEL, listener) }
    },
  }
}

const api = { ...buildMethods(), events: buildEvents(), runtime: 'electron' } as unknown as DesktopApi

contextBridge.exposeInMainWorld('api', api)
