/** Tag chips (issue 15): the colour as a dot, the name as text, so neither depends on colour. */
import type { ReactNode } from 'react';
import type { Tag } from '../../../../electron/shared/bulk-dto';

export function TagChip(props: { tag: Tag }): ReactNode {
  return (
    <span className="tag-chip" data-color={props.tag.color} title={props.tag.name}>
      <span className="tag-dot" aria-hidden="true" />
      {props.tag.name}
      <span className="visually-hidden"> ({props.tag.color} tag)</span>
    </span>
  );
}

export function TagChips(props: { tags: readonly Tag[] }): ReactNode {
  if (props.tags.length === 0) return null;
  return (
    <span className="tag-chips">
      {props.tags.map((tag) => (
        <TagChip key={tag.id} tag={tag} />
      ))}
    </span>
  );
}
