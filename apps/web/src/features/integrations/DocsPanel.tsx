import { Accordion, Anchor, Card, Code, List, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { IconBook, IconExternalLink } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { TableScroll } from '../../ui/TableScroll.tsx';
import { CodeView } from './CodeView.tsx';
import { SENT_HEADERS, SNIPPETS } from './snippets.ts';

const RETRY_ITEMS = ['success', 'schedule', 'retryAfter', 'dead', 'disable', 'rate'] as const;

/** How to receive our webhooks: the headers, verifying the signature (JavaScript, Python), retries, the full docs. */
export function DocsPanel() {
  const { t } = useTranslation('integrations');
  return (
    <Card withBorder component="section" aria-labelledby="webhook-docs-title" data-testid="webhook-docs">
      <Stack gap="xs" mb="sm">
        <Title order={2} size="h3" id="webhook-docs-title">
          <IconBook size={20} style={{ verticalAlign: -3, marginRight: 8 }} aria-hidden />
          {t('docs.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('docs.intro')}
        </Text>
      </Stack>
      <Accordion multiple defaultValue={['verify']} variant="contained">
        <Accordion.Item value="headers">
          <Accordion.Control>{t('docs.headers')}</Accordion.Control>
          <Accordion.Panel>
            <TableScroll minWidth={520}>
              <Table verticalSpacing={6} fz="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('docs.header')}</Table.Th>
                    <Table.Th>{t('docs.meaning')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {SENT_HEADERS.map((h) => (
                    <Table.Tr key={h}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Code>{h}</Code>
                      </Table.Td>
                      <Table.Td>{t(`docs.headerRows.${h}`)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
            <Text size="sm" c="dimmed" mt="xs">
              {t('docs.customHeaders')}
            </Text>
          </Accordion.Panel>
        </Accordion.Item>

        <Accordion.Item value="verify">
          <Accordion.Control>{t('docs.verify')}</Accordion.Control>
          <Accordion.Panel>
            <Text size="sm" mb="sm">
              {t('docs.verifyIntro')}
            </Text>
            <Tabs defaultValue={SNIPPETS[0].id} keepMounted={false}>
              <Tabs.List>
                {SNIPPETS.map((s) => (
                  <Tabs.Tab key={s.id} value={s.id}>
                    {s.label}
                  </Tabs.Tab>
                ))}
              </Tabs.List>
              {SNIPPETS.map((s) => (
                <Tabs.Panel key={s.id} value={s.id} pt="xs" data-testid={`snippet-${s.id}`}>
                  <CodeView text={s.code} copyLabel={t('docs.copySnippet', { lang: s.label })} maxHeight={420} />
                </Tabs.Panel>
              ))}
            </Tabs>
          </Accordion.Panel>
        </Accordion.Item>

        <Accordion.Item value="retries">
          <Accordion.Control>{t('docs.retries')}</Accordion.Control>
          <Accordion.Panel>
            <List size="sm" spacing={4}>
              {RETRY_ITEMS.map((k) => (
                <List.Item key={k}>{t(`docs.retryItems.${k}`)}</List.Item>
              ))}
            </List>
          </Accordion.Panel>
        </Accordion.Item>
      </Accordion>
      <Stack gap={4} mt="sm">
        <Text size="sm" fw={600}>
          {t('docs.more')}
        </Text>
        <Anchor href="/api/v1/docs#/webhooks" target="_blank" rel="noopener" size="sm">
          {t('docs.apiReference')}
          <IconExternalLink size={14} style={{ verticalAlign: -2, marginLeft: 4 }} aria-hidden />
        </Anchor>
        <Text size="sm" c="dimmed">
          {t('docs.guide')}
        </Text>
      </Stack>
    </Card>
  );
}
