import { Avatar, Badge, Group, Text } from '@mantine/core'
import { IconSitemap } from '@tabler/icons-react'
import { api, useQuery } from '../../../api'
import { roleLabel, useT } from '../../../app/i18n'
import { reportTree, type ReportNode } from '../../../shared/org'
import { Empty, ErrorState, LoadingState } from '../../../shared/states'
import { joinParts } from '../../../shared/text'
import classes from './DepartmentsPanel.module.css'

function ReportItem({ node }: { node: ReportNode }) {
  const t = useT()
  const { user, children } = node
  return (
    <li data-testid={`report-node-${user.username}`}>
      <Group className={classes.row} gap="sm" wrap="nowrap">
        <Avatar size={30} radius="xl" color="indigo">{user.displayName.slice(0, 1).toUpperCase()}</Avatar>
        <div style={{ minWidth: 0 }}>
          <Text size="sm" fw={600} truncate>{user.displayName}</Text>
          <Text size="xs" c="dimmed" truncate>{joinParts(roleLabel(t, user.roleCode, user.roleName), user.departmentName, user.title)}</Text>
        </div>
        {children.length > 0 && <Badge size="sm" variant="light">{t('org.reportsCount', { count: children.length })}</Badge>}
      </Group>
      {children.length > 0 && (
        <ul className={classes.children}>
          {children.map((c) => <ReportItem key={c.user.id} node={c} />)}
        </ul>
      )}
    </li>
  )
}

/** Who reports to whom, from each active user's "reports to". Testids: reports-tree, report-node-<username>. */
export function ReportsPanel() {
  const t = useT()
  const users = useQuery(() => api.admin.listUsers({}), [])
  if (users.error) return <ErrorState error={users.error} onRetry={users.reload} />
  if (!users.data) return <LoadingState />
  const tree = reportTree(users.data)
  if (tree.length === 0) return <Empty title={t('org.noReports')} icon={<IconSitemap size={32} stroke={1.5} />} />
  return (
    <>
      <Text size="sm" c="dimmed" mb="sm">{t('org.reportsHint')}</Text>
      <ul className={classes.tree} data-testid="reports-tree">
        {tree.map((n) => <ReportItem key={n.user.id} node={n} />)}
      </ul>
    </>
  )
}
