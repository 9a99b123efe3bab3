import type { CacheStats, NamespaceStats } from './cache.ts';

const rate = (hits: number, misses: number) => (hits + misses === 0 ? 0 : hits / (hits + misses));

/** Hit/miss counters since start, per namespace, and over a sliding hour (one bucket a minute). */
export class StatsCounter {
  private readonly since = new Date();
  private hits = 0;
  private misses = 0;
  private sets = 0;
  evictions = 0;
  errors = 0;
  private readonly ns = new Map<string, { hits: number; misses: number; sets: number }>();
  private readonly buckets = new Map<number, { hits: number; misses: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  private bucket() {
    const minute = Math.floor(this.now() / 60_000);
    let b = this.buckets.get(minute);
    if (!b) {
      b = { hits: 0, misses: 0 };
      this.buckets.set(minute, b);
      for (const k of this.buckets.keys()) if (k <= minute - 60) this.buckets.delete(k);
    }
    return b;
  }

  private nsOf(key: string) {
    const name = key.split(':', 1)[0] ?? '';
    let n = this.ns.get(name);
    if (!n) {
      n = { hits: 0, misses: 0, sets: 0 };
      this.ns.set(name, n);
    }
    return n;
  }

  hit(key: string) {
    this.hits++;
    this.nsOf(key).hits++;
    this.bucket().hits++;
  }

  miss(key: string) {
    this.misses++;
    this.nsOf(key).misses++;
    this.bucket().misses++;
  }

  set(key: string) {
    this.sets++;
    this.nsOf(key).sets++;
  }

  snapshot(): Omit<CacheStats, 'kind' | 'status' | 'keys' | 'memoryBytes'> {
    const minute = Math.floor(this.now() / 60_000);
    let h = 0;
    let m = 0;
    for (const [k, b] of this.buckets) {
      if (k > minute - 60) {
        h += b.hits;
        m += b.misses;
      }
    }
    const namespaces: Record<string, NamespaceStats> = {};
    for (const [name, n] of this.ns) namespaces[name] = { ...n, hitRate: rate(n.hits, n.misses) };
    return {
      hits: this.hits,
      misses: this.misses,
      sets: this.sets,
      evictions: this.evictions,
      errors: this.errors,
      hitRate: rate(this.hits, this.misses),
      namespaces,
      lastHour: { hits: h, misses: m, hitRate: rate(h, m) },
      since: this.since.toISOString(),
    };
  }
}
