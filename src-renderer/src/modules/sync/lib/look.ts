import { IconAlertTriangle, IconCloudCheck, IconCloudOff, IconCloudPause, IconCloudUpload } from '@tabler/icons-react'
import type { SyncState } from '../../../../../src-preload/contracts/sync'

/** Colour and icon of each sync state (header badge, settings page). */
export const STATE_LOOK = {
  disabled: { color: 'gray', icon: IconCloudOff },
  offline: { color: 'orange', icon: IconCloudOff },
  syncing: { color: 'blue', icon: IconCloudUpload },
  idle: { color: 'teal', icon: IconCloudCheck },
  error: { color: 'red', icon: IconAlertTriangle },
  paused: { color: 'yellow', icon: IconCloudPause },
} as const satisfies Record<SyncState, unknown>
