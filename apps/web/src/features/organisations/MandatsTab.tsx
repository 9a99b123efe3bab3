import { OPEN_MANDAT_STAGES } from '@crm/contracts';
import { Anchor, Badge, Button, Group, Paper, Skeleton, Stack, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBriefcase, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Schemas } from '../../api/client.ts';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import { STAGE_COLOR } from '../../app/stage-colors.ts';
import { MandatFormModal } from '../../records/MandatFormModal.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { TableScroll } from '../../ui/TableScroll.tsx';
import { organisationMandatsQuery } from './queries.ts';

type Mandat = Schemas['Mandat'];

const isOpen = (m: Mandat) => (OPEN_MANDAT_STAGES as readonly string[]).includes(m.stage);

/** The organisation's mandates (up to 200, newest first) and their open / won totals by currency. */
export function useOrganisationMandats(organisationId: string) {
  const query = useQuery(organisationMandatsQuery(organisationId));
  const items = query.data?.items ?? [];
  const sum = (list: Mandat[]) => {
    const byCurrency = new Map<string, number>();
    for (const m of list)
      if (m.amount) byCurrency.set(m.currency, (byCurrency.get(m.currency) ?? 0) + Number(m.amount));
    return [...byCurrency.entries()];
  };
  const open = items.filter(isOpen);
  const won = items.filter((m) => m.stage === 'gagne');
  return { query, items, open, openTotals: sum(open), won, wonTotals: sum(won), total: query.data?.total ?? 0 };
}

/** The organisation's mandates; writers create one on it here (the list refreshes, the toast opens the new one). */
export function MandatsTab({ organisationId, canEdit }: { organisationId: string; canEdit: boolean }) {
  const { t } = useTranslation('organisations');
  const [creating, createModal] = useDisclosure();
  const newButton = canEdit && (
    <Button size="sm" leftSection={<IconPlus size={16} />} onClick={createModal.open}>
      {t('mandats.create')}
    </Button>
  );
  return (
    <>
      <MandatsTabBody organisationId={organisationId} newButton={newButton} />
      <MandatFormModal opened={creating} onClose={createModal.close} organisationId={organisationId} />
    </>
  );
}

function MandatsTabBody({ organisationId, newButton }: { organisationId: string; newButton: ReactNode }) {
  const { t } = useTranslation('organisations');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const { userName } = useDirectory();
  const { query, items, total } = useOrganisationMandats(organisationId);

  if (query.isPending)
    return (
      <Stack gap="xs" aria-busy="true">
        <Skeleton height={40} />
        <Skeleton height={40} />
      </Stack>
    );
  if (query.error) return <ProblemAlert error={query.error} />;
  if (items.length === 0)
    return <EmptyState icon={<IconBriefcase size={26} />} title={t('mandats.empty')} action={newButton || undefined} />;

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('mandats.total', { count: total })}
        </Text>
        <Group gap="sm">
          <Anchor component={Link} to={`/mandats?organisationId=${organisationId}`} size="sm">
            {t('mandats.seeAll')}
          </Anchor>
          {newButton}
        </Group>
      </Group>
      {/* Wide screens: a table; phones: one card per mandate. */}
      <Paper withBorder radius="md" visibleFrom="sm">
        <TableScroll minWidth={640}>
          <Table highlightOnHover verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('mandats.title')}</Table.Th>
                <Table.Th>{t('mandats.kind')}</Table.Th>
                <Table.Th>{t('mandats.stage')}</Table.Th>
                <Table.Th ta="right">{t('mandats.amount')}</Table.Th>
                <Table.Th ta="right">{t('mandats.probability')}</Table.Th>
                <Table.Th>{t('mandats.expectedClose')}</Table.Th>
                <Table.Th>{t('mandats.owner')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/mandats/${m.id}`} size="sm" fw={500}>
                      {m.title}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{tc(`enums.mandatKind.${m.kind}`)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={STAGE_COLOR[m.stage]} size="sm">
                      {tc(`enums.stage.${m.stage}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">{fmt.money(m.amount, m.currency)}</Table.Td>
                  <Table.Td ta="right">{fmt.percent(m.probability)}</Table.Td>
                  <Table.Td>{m.expectedCloseDate ? fmt.date(m.expectedCloseDate) : '—'}</Table.Td>
                  <Table.Td>{userName(m.ownerId)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Paper>
      <Stack gap="xs" hiddenFrom="sm">
        {items.map((m) => (
          <Paper key={m.id} withBorder p="sm" radius="md">
            <Anchor component={Link} to={`/mandats/${m.id}`} size="sm" fw={600}>
              {m.title}
            </Anchor>
            <Group gap="xs" mt={4}>
              <Badge variant="light" color={STAGE_COLOR[m.stage]} size="sm">
                {tc(`enums.stage.${m.stage}`)}
              </Badge>
              <Text size="sm">{fmt.money(m.amount, m.currency)}</Text>
              <Text size="xs" c="dimmed">
                {fmt.percent(m.probability)}
              </Text>
            </Group>
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
}
