import { useEffect, useState, type KeyboardEvent } from 'react';
import type { SearchHit } from '../../../../common/schemas.ts';
import { useApi, useDeps } from '../../../app/context.tsx';
import type { Route } from '../../../app/navigation.ts';
import { useSiteScope } from '../../../app/reference.ts';
import { Kbd } from '../../../lib/Field.tsx';

export const SEARCH_INPUT_ID = 'global-search';

const KIND_LABELS: Readonly<Record<SearchHit['kind'], string>> = {
  customer: 'Customer',
  vehicle: 'Vehicle',
  job: 'Job',
};

function routeOf(hit: SearchHit): Route {
  return { name: hit.kind, id: hit.id };
}

/**
 * One box for everything the counter is asked about: a name, a phone number, a registration or
 * a job number. It answers from the replica on every keystroke, online or not.
 */
export function GlobalSearch() {
  const api = useApi();
  const nav = useDeps().nav;
  const { where } = useSiteScope();
  const siteId = where.site_id ?? null;
  const [text, setText] = useState('');
  const [hits, setHits] = useState<readonly SearchHit[]>([]);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    let current = true;
    if (text.trim().length < 2) {
      setHits([]);
      return undefined;
    }
    api.call('data:search', { text, siteId }).then(
      (found) => {
        if (!current) return;
        setHits(found);
        setActive(0);
      },
      () => current && setHits([]),
    );
    return () => {
      current = false;
    };
  }, [api, text, siteId]);

  const choose = (hit: SearchHit | undefined) => {
    if (!hit) return;
    nav.getState().navigate(routeOf(hit));
    setText('');
    setOpen(false);
    (document.activeElement as HTMLElement | null)?.blur(); // activeElement is always an HTMLElement here
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') setActive((index) => Math.min(index + 1, hits.length - 1));
    else if (event.key === 'ArrowUp') setActive((index) => Math.max(index - 1, 0));
    else if (event.key === 'Enter') choose(hits[active]);
    else if (event.key === 'Escape') {
      setText('');
      event.currentTarget.blur();
    } else return;
    event.preventDefault();
  };

  const showList = open && text.trim().length >= 2;
  return (
    <div className="search" role="combobox" aria-expanded={showList} aria-haspopup="listbox" aria-owns="search-results">
      <input
        id={SEARCH_INPUT_ID}
        type="search"
        placeholder="Search name, phone, registration or job no."
        aria-label="Search customers, vehicles and jobs"
        aria-controls="search-results"
        autoComplete="off"
        spellCheck={false}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
      />
      <span className="search-hint" aria-hidden="true">
        <Kbd>Ctrl</Kbd>
        <Kbd>K</Kbd>
      </span>
      {showList ? (
        <ul id="search-results" className="search-results" role="listbox">
          {hits.length === 0 ? <li className="search-empty">Nothing found for “{text.trim()}”</li> : null}
          {hits.map((hit, index) => (
            <li
              key={`${hit.kind}:${hit.id}`}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'search-hit active' : 'search-hit'}
              onMouseDown={(event) => {
                event.preventDefault();
                choose(hit);
              }}
              onMouseEnter={() => setActive(index)}
            >
              <span className={`hit-kind hit-${hit.kind}`}>{KIND_LABELS[hit.kind]}</span>
              <span className="hit-title">{hit.title}</span>
              <span className="hit-detail">{hit.detail}</span>
              <span className="hit-matched">{hit.matched}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
