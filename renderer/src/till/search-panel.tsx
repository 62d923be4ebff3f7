// The search/scan field and what it finds, else the quick-pick grid: large targets, one tap adds a product.
import { forwardRef, useEffect, useState } from 'react';
import type { Product } from '../../../main/api/pos-types';
import { useI18n } from '../i18n/i18n-context';
import { money } from '../i18n/format';
import { usePos } from '../pos/pos-context';
import { groupTag } from './ticket-line-row';

type SearchPanelProps = {
  query: string;
  onQuery(query: string): void;
  onPick(product: Product): void;
  /** Enter with no result picked: the typed text is a code or barcode to look up. */
  onSubmitCode(code: string): void;
  quickPicks: Product[];
};

export const SEARCH_DEBOUNCE_MS = 120;

export const SearchPanel = forwardRef<HTMLInputElement, SearchPanelProps>(function SearchPanel({ query, onQuery, onPick, onSubmitCode, quickPicks }, ref) {
  const pos = usePos();
  const { t } = useI18n();
  const [results, setResults] = useState<Product[]>([]);
  const [searched, setSearched] = useState('');
  useEffect(() => {
    const q = query.trim();
    if (q.length < 2) {
      setResults([]);
      setSearched('');
      return;
    }
    let isCurrent = true;
    const timer = window.setTimeout(() => {
      void pos.searchProducts({ query: q, limit: 12 }).then((r) => {
        if (!isCurrent) return;
        setResults(r.ok ? r.value : []);
        setSearched(q);
      });
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      isCurrent = false;
      window.clearTimeout(timer);
    };
  }, [pos, query]);

  const shown = query.trim().length >= 2 ? results : quickPicks;
  return (
    <div className="search-panel">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const q = query.trim();
          if (q === '') return;
          const first = results[0];
          // A result list for this very text: Enter takes the first match; otherwise the text is a code.
          if (first !== undefined && searched === q) onPick(first);
          else onSubmitCode(q);
        }}
      >
        <input
          ref={ref}
          className="search-field"
          data-testid="search-field"
          placeholder={t('search.placeholder')}
          value={query}
          onChange={(e) => onQuery(e.target.value)}
          autoComplete="off"
          spellCheck={false}
        />
      </form>
      <p className="panel-caption">{query.trim().length >= 2 ? t('search.results', { n: shown.length }) : t('search.quickPicks')}</p>
      {shown.length === 0 && query.trim().length < 2 ? <p className="hint">{t('search.quickPicksEmpty')}</p> : null}
      <div className="product-grid" data-testid={query.trim().length >= 2 ? 'search-results' : 'quick-picks'}>
        {shown.map((p) => (
          <button
            key={p.code}
            type="button"
            className="product-tile"
            data-testid="product-tile"
            data-code={p.code}
            tabIndex={-1}
            onPointerDown={(e) => e.preventDefault()}
            onClick={() => onPick(p)}
          >
            <span className="tile-name">{p.name}</span>
            <span className="tile-meta">({groupTag(p.tax_group)}) {money(p.price, p.currency)} {p.currency}</span>
          </button>
        ))}
      </div>
    </div>
  );
});
