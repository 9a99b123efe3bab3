import { ActionIcon, Group, SegmentedControl, Tooltip, useMantineColorScheme } from '@mantine/core';
import { IconMoon, IconSun } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { type CurrentUser, useMe } from './auth.tsx';
import { LOCALES, type Locale } from './i18n.ts';
import { authKeys } from './query-keys.ts';

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

/**
 * The current language and a setter that switches the interface at once and, when someone is signed in,
 * saves it to their profile (the profile's language is applied at the next sign-in, on any browser).
 */
export function useLanguage(): [Locale, (lng: string | null) => void] {
  const { i18n } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const language = (i18n.resolvedLanguage ?? LOCALES[0]) as Locale;
  const setLanguage = (lng: string | null) => {
    if (!lng || lng === language || !(LOCALES as readonly string[]).includes(lng)) return;
    void i18n.changeLanguage(lng);
    if (!me.data?.user) return;
    void api.PATCH('/api/v1/users/me', { body: { locale: lng as Locale } }).then(({ data }) => {
      if (!data) return;
      queryClient.setQueryData(authKeys.me, (old: { user: CurrentUser } | null | undefined) =>
        old ? { user: { ...old.user, locale: data.locale } } : old,
      );
    });
  };
  return [language, setLanguage];
}

export function LanguageSwitch() {
  const { t } = useTranslation();
  const [language, setLanguage] = useLanguage();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('app.language')}
      value={language}
      onChange={setLanguage}
      data={LOCALES.map((l) => ({ value: l, label: l.toUpperCase() }))}
    />
  );
}
