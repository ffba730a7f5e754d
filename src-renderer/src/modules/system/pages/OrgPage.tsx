/*
 * 组织架构 Organisation: department tree (add child / edit / delete), offices (办事处) and the
 * reporting lines derived from users' "reports to".
 * Testids: page-title, org-tab-departments, org-tab-offices, org-tab-reports; panels:
 * dept-new, dept-tree, dept-node-<name>, dept-add-child, dept-edit, dept-delete, dept-name,
 * dept-parent, dept-sort, dept-save; offices-new, offices-table, office-row-<name>,
 * office-edit, office-delete, office-name, office-region, office-department, office-save;
 * reports-tree, report-node-<username>; confirm-ok / confirm-cancel.
 */
import { Alert, Card, Tabs } from '@mantine/core'
import { IconBuildingCommunity, IconHierarchy2, IconSitemap } from '@tabler/icons-react'
import { api, useQuery } from '../../../api'
import { useSession } from '../../../app/auth/AuthProvider'
import { useT } from '../../../app/i18n'
import { PageHeader } from '../../../shared/PageHeader'
import { ErrorState, LoadingState } from '../../../shared/states'
import { DepartmentsPanel } from '../components/DepartmentsPanel'
import { OfficesPanel } from '../components/OfficesPanel'
import { ReportsPanel } from '../components/ReportsPanel'

export default function OrgPage() {
  const t = useT()
  const { permissions } = useSession()
  const departments = useQuery(() => api.admin.listDepartments({}), [])
  const offices = useQuery(() => api.admin.listOffices({}), [])
  const error = departments.error ?? offices.error
  const reloadAll = () => { departments.reload(); offices.reload() }

  return (
    <>
      <PageHeader title={t('org.title')} subtitle={t('org.subtitle')} />
      <Card withBorder radius="md" padding="lg">
        <Tabs defaultValue="departments" keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab value="departments" leftSection={<IconHierarchy2 size={16} />} data-testid="org-tab-departments">{t('org.tabs.departments')}</Tabs.Tab>
            <Tabs.Tab value="offices" leftSection={<IconBuildingCommunity size={16} />} data-testid="org-tab-offices">{t('org.tabs.offices')}</Tabs.Tab>
            <Tabs.Tab value="reports" leftSection={<IconSitemap size={16} />} data-testid="org-tab-reports">{t('org.tabs.reports')}</Tabs.Tab>
          </Tabs.List>
          {error && <ErrorState error={error} onRetry={reloadAll} />}
          {!error && (!departments.data || !offices.data) && <LoadingState />}
          {departments.data && offices.data && (
            <>
              <Tabs.Panel value="departments">
                <DepartmentsPanel departments={departments.data} onChanged={reloadAll} />
              </Tabs.Panel>
              <Tabs.Panel value="offices">
                <OfficesPanel offices={offices.data} departments={departments.data} onChanged={reloadAll} />
              </Tabs.Panel>
            </>
          )}
          <Tabs.Panel value="reports">
            {permissions.includes('system.users') ? <ReportsPanel /> : <Alert variant="light">{t('org.noPermissionUsers')}</Alert>}
          </Tabs.Panel>
        </Tabs>
      </Card>
    </>
  )
}
