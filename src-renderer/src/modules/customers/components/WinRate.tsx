import { Badge, Group, HoverCard, Stack, Text } from '@mantine/core'
import type { OpportunityRow } from '../../../../../src-preload/contracts/followups'
import { useT } from '../../../app/i18n'
import { winRateFactorLabel } from '../lib/labels'

function rateColor(rate: number): string {
  if (rate >= 70) return 'teal'
  if (rate >= 40) return 'indigo'
  if (rate > 0) return 'orange'
  return 'gray'
}

/**
 * 赢单率 with its factors on hover: the stage probability and each follow-up adjustment
 * (main computes both; see docs/WIN-RATE.md). Testid win-rate.
 */
export function WinRate({ opp }: { opp: Pick<OpportunityRow, 'winRate' | 'stageProbability' | 'winRateFactors'> }) {
  const t = useT()
  return (
    <HoverCard width={280} shadow="md" withinPortal openDelay={150}>
      <HoverCard.Target>
        <Badge variant="light" color={rateColor(opp.winRate)} style={{ cursor: 'help' }} data-testid="win-rate">{t('customers.winRate.value', { rate: opp.winRate })}</Badge>
      </HoverCard.Target>
      <HoverCard.Dropdown>
        <Stack gap={4}>
          <Text size="sm" fw={600}>{t('customers.winRate.title')}</Text>
          <Group justify="space-between"><Text size="sm">{t('customers.winRate.base')}</Text><Text size="sm">{opp.stageProbability}%</Text></Group>
          {opp.winRateFactors.map((f) => (
            <Group key={f.key} justify="space-between" wrap="nowrap">
              <Text size="sm">{winRateFactorLabel(t, f.key)}</Text>
              <Text size="sm" c={f.delta >= 0 ? 'teal' : 'red'}>{f.delta >= 0 ? `+${f.delta}` : f.delta}%</Text>
            </Group>
          ))}
          {opp.winRateFactors.length === 0 && <Text size="xs" c="dimmed">{t('customers.winRate.noFactors')}</Text>}
          <Group justify="space-between" pt={4} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
            <Text size="sm" fw={600}>{t('customers.winRate.result')}</Text><Text size="sm" fw={600}>{opp.winRate}%</Text>
          </Group>
          <Text size="xs" c="dimmed">{t('customers.winRate.rule')}</Text>
        </Stack>
      </HoverCard.Dropdown>
    </HoverCard>
  )
}
