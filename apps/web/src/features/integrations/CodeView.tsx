import { Box, Code, Text } from '@mantine/core';
import { CopyIconButton } from '../../ui/CopyButtons.tsx';
import { prettyJson } from './api.ts';

/**
 * Monospace text in a scrollable block (focusable, so the keyboard scrolls it too), with an optional copy button.
 * `json` pretty-prints the text when it parses as JSON.
 */
export function CodeView({
  text,
  json = false,
  copyLabel,
  maxHeight = 320,
  wrap = false,
  empty,
  testId,
}: {
  text: string | null | undefined;
  json?: boolean;
  copyLabel?: string;
  maxHeight?: number;
  /** Long lines wrap (headers) instead of scrolling sideways (code, JSON). */
  wrap?: boolean;
  empty?: string;
  testId?: string;
}) {
  const shown = json ? prettyJson(text).text : (text ?? '');
  if (!shown) {
    return (
      <Text size="sm" c="dimmed" fs="italic" data-testid={testId}>
        {empty ?? '—'}
      </Text>
    );
  }
  return (
    <Box pos="relative">
      <Code
        block
        tabIndex={0}
        fz="xs"
        style={{
          maxHeight,
          whiteSpace: wrap ? 'pre-wrap' : 'pre',
          wordBreak: wrap ? 'break-all' : undefined,
          paddingRight: copyLabel ? 40 : undefined,
        }}
        data-testid={testId}
      >
        {shown}
      </Code>
      {copyLabel && (
        <CopyIconButton
          value={shown}
          label={copyLabel}
          iconSize={14}
          tooltip={{ withArrow: true, position: 'left' }}
          variant="default"
          size="sm"
          pos="absolute"
          top={6}
          right={6}
        />
      )}
    </Box>
  );
}

/** Headers as `name: value` lines, the way they travel. */
export function HeadersView({ headers, empty }: { headers: Record<string, string> | null; empty: string }) {
  const lines = Object.entries(headers ?? {}).map(([k, v]) => `${k}: ${v}`);
  return <CodeView text={lines.join('\n')} empty={empty} wrap />;
}
