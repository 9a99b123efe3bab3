import { useComputedColorScheme, useMantineTheme } from '@mantine/core';
import { useMemo } from 'react';
import type { ChartTheme } from './types.ts';

/** The Mantine colours the series take, in order: distinct hues, readable on white and on the dark background. */
const PALETTE = ['indigo', 'teal', 'orange', 'grape', 'cyan', 'pink', 'lime', 'yellow', 'red', 'blue'] as const;

/** The chart theme of the page: Mantine's colours and font, light or dark as the colour scheme is. */
export function useChartTheme(): ChartTheme {
  const theme = useMantineTheme();
  const scheme = useComputedColorScheme('light');
  return useMemo(() => {
    const dark = scheme === 'dark';
    const shade = dark ? 4 : 6;
    return {
      dark,
      palette: PALETTE.map((c) => theme.colors[c][shade]),
      text: dark ? theme.colors.dark[0] : theme.black,
      dimmed: dark ? theme.colors.dark[2] : theme.colors.gray[7],
      border: dark ? theme.colors.dark[4] : theme.colors.gray[3],
      background: dark ? theme.colors.dark[7] : theme.white,
      fontFamily: theme.fontFamily ?? 'sans-serif',
      scale: dark ? [theme.colors.dark[6], theme.colors.indigo[3]] : [theme.colors.indigo[0], theme.colors.indigo[8]],
    };
  }, [theme, scheme]);
}
