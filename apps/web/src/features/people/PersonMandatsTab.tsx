import { Anchor, Badge, Card, Group, Skeleton, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconBriefcase, IconStarFilled } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, data } from '../../api/client.ts';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import { STAGE_COLOR } from '../../app/stage-colors.ts';
import { fullName, type Person, usePersonLinks } from '../../records/person.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { TableScroll } from '../../ui/TableScroll.tsx';

/**
 * The mandates of the contact's organisations (the API has no filter by contact), those where the contact is
 * the primary contact first and starred.
 */
export function PersonMandatsTab({ person }: { person: Person }) {
  const { t } = useTranslation('people');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const { userName } = useDirectory();
  const links = usePersonLinks(person.id);
  const organisationIds = (links.data ?? []).map((l) => l.organisationId);
  const names = new Map((links.data ?? []).map((l) => [l.organisationId, l.organisationName]));
  const mandats = useQuery({
    queryKey: ['mandats', 'list', { organisationId: organisationIds, for: person.id }],
    queryFn: async ({ signal }) =>
      data(
        await api.GET('/api/v1/mandats', {
          params: { query: { organisationId: organisationIds, limit: 100, sort: '-updatedAt' } },
          signal,
        }),
      ),
    enabled: organisationIds.length > 0,
  });

  if (links.isPending || (organisationIds.length > 0 && mandats.isPending)) {
    return <Skeleton height={160} />;
  }
  if (links.isError || mandats.isError) return <ProblemAlert error={links.error ?? mandats.error} />;

  const items = [...(mandats.data?.items ?? [])].sort(
    (a, b) => Number(b.primaryContactId === person.id) - Number(a.primaryContactId === person.id),
  );
  if (items.length === 0) {
    return (
      <Card withBorder>
        <EmptyState
          icon={<IconBriefcase size={26} />}
          title={t('mandats.emptyTitle')}
          hint={organisationIds.length ? t('mandats.emptyHint') : t('mandats.noOrganisation')}
        />
      </Card>
    );
  }

  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        {t('mandats.explain', { name: fullName(person) })}
        {mandats.data && mandats.data.total > items.length && ` ${t('mandats.more', { count: mandats.data.total })}`}
      </Text>
      <Card withBorder padding={0}>
        <TableScroll minWidth={640}>
          <Table striped highlightOnHover verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('mandats.title')}</Table.Th>
                <Table.Th>{t('fields.organisation')}</Table.Th>
                <Table.Th>{t('mandats.stage')}</Table.Th>
                <Table.Th ta="right">{t('mandats.amount')}</Table.Th>
                <Table.Th>{t('mandats.expectedClose')}</Table.Th>
                <Table.Th>{t('fields.owner')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((m) => (
                <Table.Tr key={m.id} data-testid="person-mandat">
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      {m.primaryContactId === person.id && (
                        <Tooltip label={t('mandats.primaryContact')}>
                          <IconStarFilled
                            size={14}
                            color="var(--mantine-color-yellow-6)"
                            aria-label={t('mandats.primaryContact')}
                            role="img"
                          />
                        </Tooltip>
                      )}
                      <Anchor component={Link} to={`/mandats/${m.id}`} size="sm" fw={500}>
                        {m.title}
                      </Anchor>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/organisations/${m.organisationId}`} size="sm">
                      {names.get(m.organisationId) ?? '—'}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={STAGE_COLOR[m.stage]}>
                      {tc(`enums.stage.${m.stage}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {fmt.money(m.amount, m.currency)}
                  </Table.Td>
                  <Table.Td>{fmt.date(m.expectedCloseDate)}</Table.Td>
                  <Table.Td>{userName(m.ownerId)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Card>
    </Stack>
  );
}
