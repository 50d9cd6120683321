/**
 * The sidebar's tag and status filter (issue 15): toggle buttons (aria-pressed) for each status
 * and each tag; they combine with the text filter. "Clear filters" clears all of it.
 */
import { type ReactNode, useId } from 'react';
import type { StatusFilter, TagsState } from '../../../../electron/shared/bulk-dto';
import { statusFilters } from '../../../../electron/shared/rules';
import { TagChip } from './tag-chips';
import type { Facets } from './use-account-filter';

export const statusFilterWords: Record<StatusFilter, string> = {
  online: 'Online',
  offline: 'Offline',
  'logged-out': 'Logged out',
  'needs-attention': 'Needs attention',
};

function toggled<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

export function TagFilter(props: {
  facets: Facets;
  tags: TagsState;
  onChange: (facets: Facets) => void;
}): ReactNode {
  const { facets, tags } = props;
  const statusId = useId();
  const tagId = useId();
  return (
    <div className="tag-filter">
      <div role="group" aria-labelledby={statusId} className="tag-filter-group">
        <span id={statusId} className="tag-filter-label">
          Status
        </span>
        {statusFilters.map((status) => (
          <button
            key={status}
            type="button"
            className="filter-toggle"
            aria-pressed={facets.statuses.includes(status)}
            onClick={() => {
              props.onChange({ ...facets, statuses: toggled(facets.statuses, status) });
            }}
          >
            {statusFilterWords[status]}
          </button>
        ))}
      </div>
      {tags.tags.length > 0 ? (
        <div role="group" aria-labelledby={tagId} className="tag-filter-group">
          <span id={tagId} className="tag-filter-label">
            Tags
          </span>
          {tags.tags.map((tag) => (
            <button
              key={tag.id}
              type="button"
              className="filter-toggle"
              aria-pressed={facets.tagIds.includes(tag.id)}
              onClick={() => {
                props.onChange({ ...facets, tagIds: toggled(facets.tagIds, tag.id) });
              }}
            >
              <TagChip tag={tag} />
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
