/*
 * 客户设置 (系统设置, system.settings): customer levels with their pool reclaim days, and the
 * custom fields of the customer form.
 * Testids: page-title, settings-tab-<levels|fields>, levels-table, level-new, level-row-<code>,
 * level-edit-<code>, level-form (level-code, level-name, level-sort, level-pool-days,
 * level-save), fields-table, field-new, field-row-<key>, field-edit-<key>, field-remove-<key>,
 * field-form (field-label, field-key, field-type, field-sort, field-options, field-save).
 */
import { Tabs } from '@mantine/core'
import { useT } from '../../../app/i18n'
import { PageHeader } from '../../../shared/PageHeader'
import { FieldsPanel } from '../components/FieldsPanel'
import { LevelsPanel } from '../components/LevelsPanel'

export default function CustomerSettingsPage() {
  const t = useT()
  return (
    <>
      <PageHeader title={t('customers.settings.title')} subtitle={t('customers.settings.subtitle')} />
      <Tabs defaultValue="levels" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="levels" data-testid="settings-tab-levels">{t('customers.settings.levels')}</Tabs.Tab>
          <Tabs.Tab value="fields" data-testid="settings-tab-fields">{t('customers.settings.fields')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="levels"><LevelsPanel /></Tabs.Panel>
        <Tabs.Panel value="fields"><FieldsPanel /></Tabs.Panel>
      </Tabs>
    </>
  )
}
