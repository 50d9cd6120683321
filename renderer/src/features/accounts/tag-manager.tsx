/**
 * The tag manager (issue 15), a dialog from the sidebar: create a tag (name and colour), rename
 * or recolour one, delete one (it leaves every account). Names are unique and 1 to 32 characters;
 * main checks again and its words show next to the field.
 */
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import type { Tag, TagColor, TagsState } from '../../../../electron/shared/bulk-dto';
import { tagColors, tagRules } from '../../../../electron/shared/rules';
import { useCall } from '../../lib/use-call';

const colorWords: Record<TagColor, string> = {
  blue: 'Blue',
  green: 'Green',
  orange: 'Orange',
  purple: 'Purple',
  red: 'Red',
  teal: 'Teal',
  pink: 'Pink',
  gray: 'Grey',
};

function ColorSelect(props: {
  label: string;
  value: TagColor;
  onChange: (color: TagColor) => void;
}): ReactNode {
  const id = useId();
  return (
    <span className="tag-field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        className="input"
        value={props.value}
        onChange={(event) => {
          props.onChange(event.target.value as TagColor);
        }}
      >
        {tagColors.map((color) => (
          <option key={color} value={color}>
            {colorWords[color]}
          </option>
        ))}
      </select>
    </span>
  );
}

function TagRow(props: { tag: Tag; onChange: (state: TagsState) => void }): ReactNode {
  const { tag } = props;
  const [name, setName] = useState(tag.name);
  const [color, setColor] = useState<TagColor>(tag.color);
  const save = useCall({ report: false });
  const remove = useCall({ report: false });
  const nameId = useId();
  const errorId = useId();
  const error = save.error ?? remove.error;
  return (
    <li className="tag-row" data-color={color}>
      <span className="tag-dot" aria-hidden="true" />
      <span className="tag-field">
        <label htmlFor={nameId} className="visually-hidden">
          Name of the tag {tag.name}
        </label>
        <input
          id={nameId}
          className="input"
          value={name}
          maxLength={tagRules.nameMaxLength}
          aria-invalid={save.error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => {
            setName(event.target.value);
          }}
        />
      </span>
      <ColorSelect label={`Colour of ${tag.name}`} value={color} onChange={setColor} />
      <button
        type="button"
        className="button button-small"
        disabled={save.isBusy || (name === tag.name && color === tag.color)}
        onClick={() => {
          void save.run('tags:update', { tagId: tag.id, name, color }).then((state) => {
            if (state) props.onChange(state);
          });
        }}
      >
        Save <span className="visually-hidden">{tag.name}</span>
      </button>
      <button
        type="button"
        className="button button-small button-danger"
        disabled={remove.isBusy}
        onClick={() => {
          void remove.run('tags:delete', { tagId: tag.id }).then((state) => {
            if (state) props.onChange(state);
          });
        }}
      >
        Delete <span className="visually-hidden">{tag.name}</span>
      </button>
      {error ? (
        <p id={errorId} className="field-error" role="alert">
          {error.message}
        </p>
      ) : null}
    </li>
  );
}

export function TagManager(props: {
  isOpen: boolean;
  tags: TagsState;
  onChange: (state: TagsState) => void;
  onClose: () => void;
}): ReactNode {
  const ref = useRef<HTMLDialogElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const [name, setName] = useState('');
  const [color, setColor] = useState<TagColor>('blue');
  const create = useCall({ report: false });
  const titleId = useId();
  const nameId = useId();
  const errorId = useId();
  const { isOpen } = props;

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (isOpen && !dialog.open) {
      returnFocus.current =
        document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
    } else if (!isOpen && dialog.open) {
      dialog.close();
    }
  }, [isOpen]);

  return (
    <dialog
      ref={ref}
      className="dialog tag-manager"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        props.onClose();
      }}
      onClose={() => {
        returnFocus.current?.focus();
        returnFocus.current = null;
      }}
    >
      <h2 id={titleId} className="dialog-title">
        Tags
      </h2>
      <form
        className="tag-create"
        onSubmit={(event) => {
          event.preventDefault();
          void create.run('tags:create', { name, color }).then((state) => {
            if (!state) return;
            props.onChange(state);
            setName('');
          });
        }}
      >
        <span className="tag-field">
          <label htmlFor={nameId}>New tag name</label>
          <input
            id={nameId}
            className="input"
            value={name}
            maxLength={tagRules.nameMaxLength}
            autoComplete="off"
            aria-invalid={create.error ? true : undefined}
            aria-describedby={create.error ? errorId : undefined}
            onChange={(event) => {
              setName(event.target.value);
              create.clearError();
            }}
          />
        </span>
        <ColorSelect label="Colour" value={color} onChange={setColor} />
        <button
          type="submit"
          className="button button-primary button-small"
          disabled={create.isBusy}
        >
          Create tag
        </button>
        {create.error ? (
          <p id={errorId} className="field-error" role="alert">
            {create.error.message}
          </p>
        ) : null}
      </form>
      {props.tags.tags.length === 0 ? (
        <p className="muted">No tags yet.</p>
      ) : (
        <ul className="tag-list" aria-label="Your tags">
          {props.tags.tags.map((tag) => (
            <TagRow
              key={`${tag.id}:${tag.name}:${tag.color}`}
              tag={tag}
              onChange={props.onChange}
            />
          ))}
        </ul>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={props.onClose}>
          Done
        </button>
      </div>
    </dialog>
  );
}
