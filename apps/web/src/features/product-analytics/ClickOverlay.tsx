import { Box, Paper, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client.ts';

type ClickGrid = Schemas['AnalyticsHeatmap']['grid'];

/** The lowest height of the page preview, in pixels (the page is shown at the preview's width). */
const MIN_HEIGHT = 640;

/**
 * A page of our own app in a same-origin iframe, the clicks drawn over it: each cell of the grid (a square of
 * `cellSize` of the width, from the top of the page) tinted by its share of the busiest cell. The preview is as
 * wide as its box, as the clicks were measured as shares of the viewport's width.
 */
export function ClickOverlay({
  route,
  path,
  grid,
  showOverlay,
  emptyText,
}: {
  route: string;
  /** The address to show; null when the route has parameters no one gave yet. */
  path: string | null;
  grid: ClickGrid | undefined;
  showOverlay: boolean;
  emptyText: string | null;
}) {
  const { t } = useTranslation('product-analytics');
  const { ref, width } = useElementSize();
  const cells = grid?.cells ?? [];
  const side = width * (grid?.cellSize ?? 0.05);
  const max = Math.max(1, ...cells.map((c) => c.count));
  const deepest = Math.max(0, ...cells.map((c) => c.row + 1));
  const height = Math.max(MIN_HEIGHT, Math.ceil(deepest * side));

  return (
    <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
      <Box ref={ref} pos="relative" h={height} data-testid="heatmap-preview">
        {path ? (
          <iframe
            src={path}
            title={t('heatmap.frameTitle', { route })}
            style={{ border: 0, width: '100%', height, display: 'block', pointerEvents: 'none' }}
            sandbox="allow-same-origin allow-scripts"
          />
        ) : (
          <Box bg="var(--mantine-color-gray-light)" h="100%" />
        )}
        {showOverlay && width > 0 && (
          <Box
            pos="absolute"
            inset={0}
            role="img"
            aria-label={t('heatmap.overlay', { route })}
            data-testid="heatmap-overlay"
            style={{ pointerEvents: 'none' }}
          >
            {cells.map((c) => (
              <div
                key={`${c.column}:${c.row}`}
                title={t('heatmap.cellTitle', { count: c.count })}
                data-testid="heatmap-cell"
                style={{
                  position: 'absolute',
                  left: c.column * side,
                  top: c.row * side,
                  width: side,
                  height: side,
                  background: `rgba(240, 62, 62, ${(0.15 + 0.6 * (c.count / max)).toFixed(2)})`,
                  boxShadow: '0 0 12px rgba(240, 62, 62, 0.35)',
                  borderRadius: 4,
                }}
              />
            ))}
          </Box>
        )}
        {emptyText && (
          <Text
            pos="absolute"
            top={8}
            left={8}
            size="sm"
            bg="var(--mantine-color-body)"
            px="xs"
            style={{ borderRadius: 4 }}
          >
            {emptyText}
          </Text>
        )}
      </Box>
    </Paper>
  );
}
