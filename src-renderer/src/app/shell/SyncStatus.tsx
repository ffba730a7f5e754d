/** The header's sync area lives with the sync module (status, popover, actions). */
export { SyncIndicator as SyncStatus } from '../../modules/sync/components/SyncIndicator'
