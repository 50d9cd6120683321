/** Tags in the plain settings store: validation, tagging, deletion and forgetting accounts. */
import { describe, expect, test } from 'vitest';
import { createTagService, TAGS_KEY } from '../../../electron/core/settings/tags';
import { createMemoryStore } from '../../../electron/core/storage/conf-store';
import type { TagsState } from '../../../electron/shared/bulk-dto';
import { createRecordingLogger } from '../../support/logger';

function setUp(store = createMemoryStore()) {
  const accounts = new Set(['a1', 'a2', 'a3']);
  let next = 1;
  const changes: TagsState[] = [];
  const tags = createTagService({
    store,
    logger: createRecordingLogger(),
    accountIds: () => accounts,
    newTagId: () => `t${next++}`,
  });
  tags.onChange((s) => changes.push(s));
  return { tags, store, changes };
}

describe('tags', () => {
  test('are created trimmed, with a palette colour, and kept in the settings store', () => {
    const { tags, store } = setUp();
    const state = tags.create('  Support  ', 'blue');
    expect(state.tags).toEqual([{ id: 't1', name: 'Support', color: 'blue' }]);
    expect(store.get(TAGS_KEY)).toEqual(state);
    // A new service on the same store (a restart) reads them back.
    expect(setUp(store).tags.state()).toEqual(state);
  });

  test.each([
    ['', 'A tag name has 1 to 32 characters.'],
    ['   ', 'A tag name has 1 to 32 characters.'],
    ['x'.repeat(33), 'A tag name has 1 to 32 characters.'],
    ['SUPPORT', 'There is already a tag named “SUPPORT”. Choose another name.'],
  ])('refuses the name %j in plain words', (name, message) => {
    const { tags } = setUp();
    tags.create('Support', 'blue');
    expect(() => tags.create(name, 'green')).toThrow(message);
    expect(tags.state().tags).toHaveLength(1);
  });

  test('rename and recolour; a rename may change only the case of its own name', () => {
    const { tags } = setUp();
    tags.create('Support', 'blue');
    tags.create('Sales', 'green');
    expect(() => tags.update('t2', { name: 'support' })).toThrow(/already a tag named/);
    expect(tags.update('t1', { name: 'SUPPORT', color: 'red' }).tags[0]).toEqual({
      id: 't1',
      name: 'SUPPORT',
      color: 'red',
    });
    expect(() => tags.update('gone', { color: 'red' })).toThrow('That tag no longer exists.');
  });

  test('tag and untag accounts; only accounts in Gramdeck are tagged', () => {
    const { tags, changes } = setUp();
    tags.create('Support', 'blue');
    tags.create('Sales', 'green');
    tags.tag('t2', ['a1', 'a2', 'nobody']);
    const state = tags.tag('t1', ['a1']);
    // In the tags' order, whatever order they were given in.
    expect(state.accountTags).toEqual({ a1: ['t1', 't2'], a2: ['t2'] });
    expect(tags.untag('t2', ['a1', 'a2']).accountTags).toEqual({ a1: ['t1'] });
    expect(tags.tagIdsOf('a1')).toEqual(['t1']);
    expect(changes.at(-1)?.accountTags).toEqual({ a1: ['t1'] });
  });

  test('deleting a tag takes it off every account', () => {
    const { tags, store } = setUp();
    tags.create('Support', 'blue');
    tags.create('Sales', 'green');
    tags.tag('t1', ['a1', 'a2']);
    tags.tag('t2', ['a2']);
    const state = tags.delete('t1');
    expect(state).toEqual({
      tags: [{ id: 't2', name: 'Sales', color: 'green' }],
      accountTags: { a2: ['t2'] },
    });
    expect(store.get(TAGS_KEY)).toEqual(state);
  });

  test('an account that leaves Gramdeck drops out of the mapping', () => {
    const { tags } = setUp();
    tags.create('Support', 'blue');
    tags.tag('t1', ['a1', 'a2']);
    tags.forgetAccount('a1');
    expect(tags.state().accountTags).toEqual({ a2: ['t1'] });
  });

  test('a stored value that does not validate starts empty instead of failing', () => {
    const store = createMemoryStore();
    store.set(TAGS_KEY, { tags: [{ id: 't1', name: '', color: 'ultraviolet' }] });
    expect(setUp(store).tags.state()).toEqual({ tags: [], accountTags: {} });
  });

  test('a failed save changes nothing', () => {
    const store = createMemoryStore();
    const { tags, changes } = setUp({
      ...store,
      set: () => {
        throw new Error('disk full');
      },
    });
    expect(() => tags.create('Support', 'blue')).toThrow('disk full');
    expect(tags.state().tags).toEqual([]);
    expect(changes).toEqual([]);
  });
});
