import { createTheme, DEFAULT_THEME } from '@mantine/core';

/**
 * Mantine's defaults fail WCAG AA contrast in places (primary shade 6 under white text is 4.3:1, the
 * "dimmed" grey 3.3:1): the primary shade is darker in light mode, filled variants pick black or white text
 * by luminance, and global.css darkens the text of light variants and `c="<color>"` texts.
 */
export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 8, dark: 8 },
  autoContrast: true,
  // Whoever asks their system for less motion gets no transitions (notifications, modals, menus appear at once).
  respectReducedMotion: true,
  defaultRadius: 'md',
  fontFamily: DEFAULT_THEME.fontFamily,
});
