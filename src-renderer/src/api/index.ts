export { api, onEvent, runtime, type Runtime } from './client'
export { ApiError, toApiError, type ClientErrorCode } from './errors'
export { useConnectionState, useEvent, useMutation, useQuery, type MutationOptions, type MutationState, type QueryState } from './hooks'
export type { ConnectionState } from './ws-transport'
