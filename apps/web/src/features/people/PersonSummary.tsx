import { Anchor, Group, Paper, Stack, Text } from '@mantine/core';
import { IconBrandLinkedin, IconBuilding, IconDeviceMobile, IconMail, IconPhone } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import type { Person, PersonLink } from '../../records/person.ts';

function Meta({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2} style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      {children}
    </Stack>
  );
}

function Contact({
  icon,
  href,
  label,
  external,
}: {
  icon: ReactNode;
  href: string;
  label: string;
  external?: boolean;
}) {
  return (
    <Anchor
      href={href}
      size="sm"
      {...(external ? { target: '_blank', rel: 'noopener noreferrer' } : {})}
      style={{ overflowWrap: 'anywhere' }}
    >
      <Group gap={4} wrap="nowrap">
        {icon}
        {label}
      </Group>
    </Anchor>
  );
}

const tel = (phone: string) => `tel:${phone.replace(/\s/g, '')}`;

/** Under the contact's name: their organisations, how to reach them, their owner and last activity. */
export function PersonSummary({ person, organisations }: { person: Person; organisations: PersonLink[] }) {
  const { t } = useTranslation('people');
  const { t: tc } = useTranslation();
  const { userName } = useDirectory();
  const fmt = useFormat();
  return (
    <Paper withBorder p="md" radius="md">
      <Group gap="xl" align="flex-start" data-testid="person-meta">
        {organisations.length > 0 && (
          <Meta label={t('tabs.organisations')}>
            <Group gap="xs" data-testid="person-organisations">
              {organisations.map((l) => (
                <Group key={l.id} gap={4} wrap="nowrap">
                  <IconBuilding size={14} aria-hidden />
                  <Anchor component={Link} to={`/organisations/${l.organisationId}`} size="sm" fw={500}>
                    {l.organisationName}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    ({tc(`enums.linkRole.${l.role}`)})
                  </Text>
                </Group>
              ))}
            </Group>
          </Meta>
        )}
        {person.email && (
          <Meta label={t('fields.email')}>
            <Contact icon={<IconMail size={14} />} href={`mailto:${person.email}`} label={person.email} />
          </Meta>
        )}
        {person.phone && (
          <Meta label={t('fields.phone')}>
            <Contact icon={<IconPhone size={14} />} href={tel(person.phone)} label={person.phone} />
          </Meta>
        )}
        {person.mobile && (
          <Meta label={t('fields.mobile')}>
            <Contact icon={<IconDeviceMobile size={14} />} href={tel(person.mobile)} label={person.mobile} />
          </Meta>
        )}
        {person.linkedinUrl && (
          <Meta label={t('detail.linkedin')}>
            <Contact
              icon={<IconBrandLinkedin size={14} />}
              href={person.linkedinUrl}
              label={t('detail.linkedinProfile')}
              external
            />
          </Meta>
        )}
        <Meta label={t('fields.owner')}>
          <Text size="sm">{userName(person.ownerId)}</Text>
        </Meta>
        <Meta label={t('fields.lastActivityAt')}>
          <Text size="sm" title={fmt.dateTime(person.lastActivityAt)}>
            {person.lastActivityAt ? fmt.relative(person.lastActivityAt) : t('list.noActivity')}
          </Text>
        </Meta>
      </Group>
    </Paper>
  );
}
