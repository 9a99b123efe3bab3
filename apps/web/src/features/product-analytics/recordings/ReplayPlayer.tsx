import { Alert } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import Player from 'rrweb-player';
import 'rrweb-player/dist/style.css';

type Events = ConstructorParameters<typeof Player>[0]['props']['events'];

/**
 * rrweb-player on a session's events, as the server stored them (masked texts and inputs stay masked: nothing is
 * unmasked here). Its own chunk with rrweb, loaded when a recording is opened.
 */
export default function ReplayPlayer({ events }: { events: unknown[] }) {
  const { t } = useTranslation('product-analytics');
  const { ref: box, width } = useElementSize();
  const target = useRef<HTMLDivElement>(null);
  const playable = events.length >= 2;

  useEffect(() => {
    const el = target.current;
    if (!el || !playable || width === 0) return;
    const player = new Player({
      target: el,
      props: {
        events: events as Events,
        width: Math.floor(width),
        // 16:9, but never taller than most of the screen (the controls sit under it).
        height: Math.min(Math.round(width * 0.56), Math.round(window.innerHeight * 0.55)),
        autoPlay: false,
      },
    });
    return () => {
      // A Svelte component (its types are not installed): $destroy unmounts it.
      (player as unknown as { $destroy: () => void }).$destroy();
      el.replaceChildren();
    };
  }, [events, playable, width]);

  if (!playable) return <Alert color="gray">{t('recordings.noEvents')}</Alert>;
  return (
    <div ref={box} style={{ width: '100%' }}>
      <div ref={target} data-testid="replay-player" />
    </div>
  );
}
