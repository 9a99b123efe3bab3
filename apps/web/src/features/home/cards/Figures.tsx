import { Box, Card, Group, SimpleGrid, Skeleton, Text, ThemeIcon } from '@mantine/core';
import { IconAlarm, IconBriefcase, IconBuilding, IconCalendarDue, IconTrophy, IconUsers } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Schemas } from '../../../api/client.ts';
import { useFormat } from '../../../app/format.ts';

type Summary = Schemas['HomeSummary'];

/** The key figures, each a link to its list: my overdue and today's tasks, records, open and won mandates. */
export function Figures({ summary }: { summary: Summary | undefined }) {
  const { t } = useTranslation('home');
  const fmt = useFormat();
  const year = new Date().getFullYear();
  const f = summary?.figures;
  // Beyond 1,000 rows the server estimates the count (as the lists' "environ N résultats"): the figure keeps its
  // size, "environ" goes before it in small print, so the card holds it on one line at every width.
  const about = (estimated: boolean) => (estimated ? t('figures.about') : undefined);
  const cards: {
    key: string;
    label: string;
    value: ReactNode;
    pre?: ReactNode;
    sub?: ReactNode;
    to: string;
    icon: ReactNode;
    color: string;
  }[] = [
    {
      key: 'overdue',
      label: t('figures.overdue'),
      value: summary ? fmt.number(summary.tasks.overdue) : null,
      to: '/tasks?tab=overdue&mine=true',
      icon: <IconAlarm size={20} />,
      color: summary?.tasks.overdue ? 'red' : 'gray',
    },
    {
      key: 'today',
      label: t('figures.today'),
      value: summary ? fmt.number(summary.tasks.today) : null,
      to: '/tasks?tab=today&mine=true',
      icon: <IconCalendarDue size={20} />,
      color: 'indigo',
    },
    {
      key: 'organisations',
      label: t('figures.organisations'),
      value: f ? fmt.number(f.organisations) : null,
      pre: f ? about(f.organisationsIsEstimate) : undefined,
      to: '/organisations',
      icon: <IconBuilding size={20} />,
      color: 'blue',
    },
    {
      key: 'people',
      label: t('figures.people'),
      value: f ? fmt.number(f.people) : null,
      pre: f ? about(f.peopleIsEstimate) : undefined,
      to: '/people',
      icon: <IconUsers size={20} />,
      color: 'cyan',
    },
    {
      key: 'openMandats',
      label: t('figures.openMandats'),
      value: f ? fmt.number(f.openMandats) : null,
      sub: f ? fmt.compactMoney(f.openAmount) : null,
      to: '/mandats',
      icon: <IconBriefcase size={20} />,
      color: 'grape',
    },
    {
      key: 'wonThisYear',
      label: t('figures.wonThisYear', { year }),
      value: f ? fmt.number(f.wonThisYear.count) : null,
      sub: f ? fmt.compactMoney(f.wonThisYear.amount) : null,
      to: `/mandats?mode=list&stage=gagne&closedFrom=${year}-01-01`,
      icon: <IconTrophy size={20} />,
      color: 'teal',
    },
  ];
  return (
    <Box component="section" aria-label={t('figures.title')}>
      <SimpleGrid cols={{ base: 2, sm: 3, xl: 6 }} spacing="sm">
        {cards.map((c) => (
          <Card
            key={c.key}
            withBorder
            padding="md"
            radius="md"
            component={Link}
            to={c.to}
            data-testid={`figure-${c.key}`}
            style={{ textDecoration: 'none' }}
          >
            <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
              <Text size="sm" c="dimmed" fw={500} lh={1.3}>
                {c.label}
              </Text>
              <ThemeIcon variant="light" color={c.color} size="md" radius="md" aria-hidden>
                {c.icon}
              </ThemeIcon>
            </Group>
            {c.value === null ? (
              <Skeleton height={30} width="50%" mt="xs" />
            ) : (
              <Group gap="xs" align="baseline" mt={4}>
                {c.pre && (
                  <Text size="sm" c="dimmed" fw={500}>
                    {c.pre}
                  </Text>
                )}
                <Text fz={28} fw={700} c={c.key === 'overdue' && c.color === 'red' ? 'red' : undefined}>
                  {c.value}
                </Text>
                {c.sub && (
                  <Text size="sm" c="dimmed" fw={500}>
                    {c.sub}
                  </Text>
                )}
              </Group>
            )}
          </Card>
        ))}
      </SimpleGrid>
    </Box>
  );
}
