import { Anchor, Badge, Card, Group, Skeleton, Stack, Text, Tooltip } from '@mantine/core';
import { IconBriefcase, IconStarFilled } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import { STAGE_COLOR } from '../../app/stage-colors.ts';
import { fullName, type Person, usePersonLinks } from '../../records/person.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { SimpleTable } from '../../ui/SimpleTable.tsx';
import { personMandatsQuery } from './queries.ts';

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
  const mandats = useQuery(personMandatsQuery(person.id, organisationIds));

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
      <SimpleTable
        minWidth={640}
        rows={items}
        rowTestId="person-mandat"
        columns={[
          {
            key: 'title',
            header: t('mandats.title'),
            render: (m) => (
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
            ),
          },
          {
            key: 'organisation',
            header: t('fields.organisation'),
            render: (m) => (
              <Anchor component={Link} to={`/organisations/${m.organisationId}`} size="sm">
                {names.get(m.organisationId) ?? '—'}
              </Anchor>
            ),
          },
          {
            key: 'stage',
            header: t('mandats.stage'),
            render: (m) => (
              <Badge variant="light" color={STAGE_COLOR[m.stage]}>
                {tc(`enums.stage.${m.stage}`)}
              </Badge>
            ),
          },
          {
            key: 'amount',
            header: t('mandats.amount'),
            align: 'right',
            nowrap: true,
            render: (m) => fmt.money(m.amount, m.currency),
          },
          { key: 'close', header: t('mandats.expectedClose'), render: (m) => fmt.date(m.expectedCloseDate) },
          { key: 'owner', header: t('fields.owner'), render: (m) => userName(m.ownerId) },
        ]}
      />
    </Stack>
  );
}
