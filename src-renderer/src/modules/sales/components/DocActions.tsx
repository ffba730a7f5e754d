/*
 * What a quote's and an order's page share: the busy/run helper of their action buttons, the
 * print menu, the loader of a document by id, and the reason dialog (decline / reverse / cancel).
 */
import { useState, type ReactNode } from 'react'
import { Button, Group, Menu, Modal, Stack, Text, Textarea } from '@mantine/core'
import { IconChevronDown, IconPrinter } from '@tabler/icons-react'
import { useNavigate } from 'react-router'
import { useQuery } from '../../../api'
import { useI18n } from '../../../app/i18n'
import { useNotify } from '../../../shared/notify'
import { ErrorState, LoadingState } from '../../../shared/states'

/**
 * One action at a time: `busy` names the running one (its button shows a spinner). Without
 * `done` the document reloads: the status badge shows the change, a toast would cover the buttons.
 */
export function useDocRun(reload: () => void) {
  const notify = useNotify()
  const [busy, setBusy] = useState<string | null>(null)
  const run = async (key: string, fn: () => Promise<unknown>, done?: (out: unknown) => void) => {
    setBusy(key)
    try {
      const out = await fn()
      if (done) done(out)
      else reload()
    } catch (err) {
      notify.error(err)
    } finally {
      setBusy(null)
    }
  }
  return { busy, run }
}

/**
 * The editor's save: write (create or update), optionally submit for approval, then open the
 * saved document in place of the editor. Errors stay on the editor with what was typed.
 */
export function useDocSave(pathOf: (id: string) => string) {
  const navigate = useNavigate()
  const notify = useNotify()
  const [busy, setBusy] = useState(false)
  const save = async (write: () => Promise<{ id: string }>, submit: ((id: string) => Promise<{ id: string }>) | null) => {
    setBusy(true)
    try {
      let doc = await write()
      if (submit) doc = await submit(doc.id)
      notify.success(submit ? 'sales.editor.submitted' : 'sales.editor.saved')
      void navigate(pathOf(doc.id), { replace: true })
    } catch (err) {
      notify.error(err)
    } finally {
      setBusy(false)
    }
  }
  return { busy, save }
}

/** Loads a document by id, with the error (retry) and loading states, then renders it. */
export function DocLoader<T>({ load, id, children }: { load: (id: string) => Promise<T>; id: string; children: (doc: T, reload: () => void) => ReactNode }) {
  const q = useQuery(() => load(id), [id])
  if (q.error && !q.data) return <ErrorState error={q.error} onRetry={q.reload} />
  if (!q.data) return <LoadingState />
  return <>{children(q.data, q.reload)}</>
}

export interface PrintItem { testId: string; label: string; icon: ReactNode; onClick: () => void }

/** The 打印 menu of a document page (testid print-menu). */
export function PrintMenu({ loading, items }: { loading: boolean; items: PrintItem[] }) {
  const { t } = useI18n()
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button variant="default" leftSection={<IconPrinter size={16} />} rightSection={<IconChevronDown size={14} />} loading={loading} data-testid="print-menu">{t('sales.detail.print')}</Button>
      </Menu.Target>
      <Menu.Dropdown>
        {items.map((it) => <Menu.Item key={it.testId} leftSection={it.icon} data-testid={it.testId} onClick={it.onClick}>{it.label}</Menu.Item>)}
      </Menu.Dropdown>
    </Menu>
  )
}

/**
 * A dialog asking for a reason before an action. With `required` the confirm button stays
 * disabled until a reason is typed. The reason lives in the dialog's body, which Mantine mounts
 * on each opening: a failed action keeps it, a new opening starts empty.
 * Testids: `${testId}-reason`, `${testId}-ok`.
 */
export function ReasonDialog(props: ReasonProps & { opened: boolean; title: string }) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.title}>
      <ReasonBody {...props} />
    </Modal>
  )
}

interface ReasonProps {
  onClose: () => void; hint?: string; label: string; required: boolean
  confirmLabel: string; color: string; loading: boolean; testId: string; onConfirm: (reason: string) => void
}

function ReasonBody({ onClose, hint, label, required, confirmLabel, color, loading, testId, onConfirm }: ReasonProps) {
  const { t } = useI18n()
  const [reason, setReason] = useState('')
  const missing = required && reason.trim() === ''
  return (
    <Stack>
      {hint && <Text size="sm">{hint}</Text>}
      <Textarea label={label} withAsterisk={required} value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={500}
        data-testid={`${testId}-reason`} error={missing ? t('sales.detail.reasonRequired') : undefined} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
        <Button color={color} disabled={missing} loading={loading} data-testid={`${testId}-ok`} onClick={() => onConfirm(reason.trim())}>{confirmLabel}</Button>
      </Group>
    </Stack>
  )
}
