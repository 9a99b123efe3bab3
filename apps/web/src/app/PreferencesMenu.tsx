import { ActionIcon, Group, SegmentedControl, Tooltip, useMantineColorScheme } from '@mantine/core';
import { IconMoon, IconSun } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { LOCALES } from './i18n.ts';

/** Language switch and light/dark toggle, on the signed-out pages and in the user menu. */
export function PreferencesMenu() {
  const { t, i18n } = useTranslation();
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const dark = colorScheme === 'dark';
  return (
    <Group gap="xs">
      <LanguageSwitch />
      <Tooltip label={t('shell.theme')}>
        <ActionIcon
          variant="default"
          size="lg"
          aria-label={`${t('shell.theme')}: ${dark ? t('shell.themeLight') : t('shell.themeDark')}`}
          onClick={() => setColorScheme(dark ? 'light' : 'dark')}
          data-lang={i18n.language}
        >
          {dark ? <IconSun size={18} /> : <IconMoon size={18} />}
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('app.language')}
      value={i18n.resolvedLanguage ?? 'fr'}
      onChange={(lng) => void i18n.changeLanguage(lng)}
      data={LOCALES.map((l) => ({ value: l, label: l.toUpperCase() }))}
    />
  );
}
