import { Box, Button, Checkbox, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { bannerChoice } from './consent.ts';
import { useSaveConsent } from './queries.ts';

/**
 * The first-use question (docs/ANALYTICS.md, "Web app: capture and consent"): what is measured, that nothing about
 * clients is sent, where it is kept, where to change it. « Refuser » and « Accepter » look the same; the session
 * recording is a separate box, unticked. A region with its heading, not a modal: the app stays usable meanwhile, and
 * nothing is captured until the user answers.
 */
export function ConsentBanner() {
  const { t } = useTranslation();
  const titleId = useId();
  const [replay, setReplay] = useState(false);
  const save = useSaveConsent('prompt');
  const answer = (accept: boolean) => save.mutate(bannerChoice(accept, replay));

  return (
    <Box
      component="section"
      aria-labelledby={titleId}
      data-testid="consent-banner"
      pos="fixed"
      bottom={0}
      left={0}
      right={0}
      p={{ base: 'xs', sm: 'md' }}
      // Above the shell (100), below modals and the search (200): a dialog opened meanwhile stays whole.
      style={{ zIndex: 150, pointerEvents: 'none' }}
    >
      <Paper
        withBorder
        shadow="lg"
        radius="md"
        p={{ base: 'sm', sm: 'lg' }}
        maw={760}
        mx="auto"
        style={{ pointerEvents: 'auto', maxHeight: '70dvh', overflowY: 'auto' }}
      >
        <Stack gap="xs">
          <Title order={2} size="h4" id={titleId}>
            {t('consent.title')}
          </Title>
          <Text size="sm">{t('consent.body')}</Text>
          <Text size="sm" fw={600}>
            {t('consent.nothingAboutClients')}
          </Text>
          <Text size="sm">
            {t('consent.storage')} {t('consent.change')}
          </Text>
          <Checkbox
            mt={4}
            label={t('consent.replay')}
            description={t('consent.replayHelp')}
            checked={replay}
            onChange={(e) => setReplay(e.currentTarget.checked)}
          />
          <ProblemAlert error={save.error} />
          <Group gap="sm" grow mt={4}>
            <Button size="md" variant="filled" onClick={() => answer(false)} disabled={save.isPending}>
              {t('consent.refuse')}
            </Button>
            <Button size="md" variant="filled" onClick={() => answer(true)} disabled={save.isPending}>
              {t('consent.accept')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Box>
  );
}
