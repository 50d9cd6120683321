import {
  type KeyboardEvent,
  type ReactNode,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { CountryCode } from 'libphonenumber-js';
import { type Country, listCountries, matchesCountry } from '../../lib/phone';

let cachedCountries: Country[] | null = null;
function countries(): Country[] {
  cachedCountries ??= listCountries(navigator.language);
  return cachedCountries;
}

/** A flag from the two-letter code (regional indicator symbols). */
export function flagEmojiOf(code: string): string {
  const upper = code.toUpperCase();
  return String.fromCodePoint(0x1f1a5 + upper.charCodeAt(0), 0x1f1a5 + upper.charCodeAt(1));
}

let drawsFlagEmoji: boolean | null = null;

/**
 * Whether this browser draws flag emoji in colour. Without a colour emoji font (Linux without
 * one, Windows) the regional indicators come out as boxes or bare letters: a colour pixel in a
 * test drawing tells the difference.
 */
function canDrawFlagEmoji(): boolean {
  if (drawsFlagEmoji !== null) return drawsFlagEmoji;
  drawsFlagEmoji = false;
  try {
    const canvas = document.createElement('canvas');
    canvas.width = 32;
    canvas.height = 32;
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (context === null) return drawsFlagEmoji;
    context.font = '24px sans-serif';
    context.textBaseline = 'top';
    context.fillText(flagEmojiOf('GB'), 0, 0);
    const pixels = context.getImageData(0, 0, 32, 32).data;
    for (let i = 0; i + 3 < pixels.length; i += 4) {
      const [r, g, b, a] = [pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]];
      if (a !== 0 && (r !== g || g !== b)) {
        drawsFlagEmoji = true;
        break;
      }
    }
  } catch {
    // No canvas to test with: the ISO code is always readable.
  }
  return drawsFlagEmoji;
}

/** A country's flag where the browser can draw it, else its ISO code ("GB"); decorative. */
function Flag(props: { code: string }): ReactNode {
  return canDrawFlagEmoji() ? (
    <span className="country-flag" aria-hidden="true">
      {flagEmojiOf(props.code)}
    </span>
  ) : (
    <span className="country-flag country-flag-code" aria-hidden="true">
      {props.code}
    </span>
  );
}

/**
 * A searchable country list: a button that opens a combobox (search field + listbox) navigable
 * with the arrow keys, Enter to choose, Escape to close.
 */
export function CountryPicker(props: {
  value: CountryCode | null;
  onChange: (country: Country) => void;
  describedBy?: string;
}): ReactNode {
  const [isOpen, setIsOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [activeIndex, setActiveIndex] = useState(0);
  const baseId = useId();
  const listId = `${baseId}-list`;
  const buttonRef = useRef<HTMLButtonElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);

  const all = countries();
  const filtered = useMemo(() => all.filter((c) => matchesCountry(c, query)), [all, query]);
  const selected = all.find((c) => c.code === props.value) ?? null;

  useEffect(() => {
    if (isOpen) searchRef.current?.focus();
  }, [isOpen]);
  useEffect(() => {
    listRef.current
      ?.querySelector(`[data-index="${activeIndex}"]`)
      ?.scrollIntoView({ block: 'nearest' });
  }, [activeIndex, isOpen]);

  const close = (returnFocus: boolean): void => {
    setIsOpen(false);
    setQuery('');
    if (returnFocus) buttonRef.current?.focus();
  };
  const choose = (country: Country | undefined): void => {
    if (country === undefined) return;
    props.onChange(country);
    close(true);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    const last = filtered.length - 1;
    const moves: Record<string, number> = {
      ArrowDown: Math.min(last, activeIndex + 1),
      ArrowUp: Math.max(0, activeIndex - 1),
      PageDown: Math.min(last, activeIndex + 10),
      PageUp: Math.max(0, activeIndex - 10),
    };
    const move = moves[event.key];
    if (move !== undefined) {
      event.preventDefault();
      setActiveIndex(move);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(filtered[activeIndex]);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close(true);
    }
  };

  return (
    <div className="country-picker">
      <button
        ref={buttonRef}
        type="button"
        className="button country-button"
        aria-haspopup="listbox"
        aria-expanded={isOpen}
        aria-describedby={props.describedBy}
        onClick={() => {
          if (isOpen) {
            close(false);
          } else {
            setActiveIndex(
              Math.max(
                0,
                all.findIndex((c) => c.code === props.value),
              ),
            );
            setIsOpen(true);
          }
        }}
      >
        <span className="visually-hidden">Country: </span>
        {selected === null ? (
          'Choose a country'
        ) : (
          <>
            <Flag code={selected.code} />
            {selected.name} <span className="muted">+{selected.callingCode}</span>
          </>
        )}
      </button>
      {isOpen ? (
        <div
          className="country-popover"
          onBlur={(event) => {
            if (!event.currentTarget.contains(event.relatedTarget)) close(false);
          }}
        >
          <label htmlFor={`${baseId}-search`} className="visually-hidden">
            Search countries
          </label>
          <input
            ref={searchRef}
            id={`${baseId}-search`}
            className="input"
            type="search"
            role="combobox"
            aria-expanded="true"
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={
              filtered[activeIndex] === undefined ? undefined : `${baseId}-${activeIndex}`
            }
            placeholder="Country name or code"
            autoComplete="off"
            value={query}
            onChange={(event) => {
              setQuery(event.target.value);
              setActiveIndex(0);
            }}
            onKeyDown={onKeyDown}
          />
          <ul
            ref={listRef}
            id={listId}
            className="country-list"
            role="listbox"
            aria-label="Countries"
          >
            {filtered.map((country, index) => (
              <li
                key={country.code}
                id={`${baseId}-${index}`}
                data-index={index}
                role="option"
                aria-selected={index === activeIndex}
                className="country-option"
                onMouseDown={(event) => {
                  event.preventDefault();
                }}
                onClick={() => {
                  choose(country);
                }}
              >
                <Flag code={country.code} />
                <span className="country-name">{country.name}</span>
                <span className="muted">+{country.callingCode}</span>
              </li>
            ))}
          </ul>
          <p className="visually-hidden" role="status">
            {filtered.length === 0 ? 'No country matches.' : `${filtered.length} countries`}
          </p>
        </div>
      ) : null}
    </div>
  );
}
