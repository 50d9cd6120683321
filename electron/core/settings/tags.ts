/**
 * Tags (issue 15): named, coloured labels and which accounts carry them. They are preferences,
 * kept in the plain settings store under `tags` (never in the vault): a tag's name and colour and
 * account ids, nothing secret. A stored value that no longer validates is logged and starts empty.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Tag, TagColor, TagsState } from '../../shared/bulk-dto';
import type { Handlers } from '../../shared/contract';
import { failure } from '../../shared/error-words';
import { tagColors, tagRules } from '../../shared/rules';
import type { KeyValueStore, Logger } from '../ports';

export const TAGS_KEY = 'tags';

const storedTagsSchema = z.object({
  tags: z.array(
    z.object({
      id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
      name: z.string().trim().min(1).max(tagRules.nameMaxLength),
      color: z.enum(tagColors),
    }),
  ),
  accountTags: z.record(z.string(), z.array(z.string())),
});

export interface TagService {
  state(): TagsState;
  create(name: string, color: TagColor): TagsState;
  update(
    tagId: string,
    patch: { name?: string | undefined; color?: TagColor | undefined },
  ): TagsState;
  /** Deletes the tag and takes it off every account. */
  delete(tagId: string): TagsState;
  tag(tagId: string, accountIds: readonly string[]): TagsState;
  untag(tagId: string, accountIds: readonly string[]): TagsState;
  /** The tag ids an account carries, in the tags' order. */
  tagIdsOf(accountId: string): string[];
  /** An account left Gramdeck (removed or logged out): it drops out of the mapping. */
  forgetAccount(accountId: string): void;
  onChange(listener: (state: TagsState) => void): () => void;
}

export function createTagService(options: {
  store: KeyValueStore;
  logger: Logger;
  /** The ids of the accounts in Gramdeck now (read once per call); only those can be tagged. */
  accountIds: () => Iterable<string>;
  newTagId?: () => string;
}): TagService {
  const { store } = options;
  const log = options.logger.child({ scope: 'tags' });
  const newTagId = options.newTagId ?? (() => `t${randomBytes(6).toString('hex')}`);
  const listeners = new Set<(state: TagsState) => void>();

  const load = (): TagsState => {
    const raw = store.get(TAGS_KEY);
    if (raw === undefined) return { tags: [], accountTags: {} };
    const parsed = storedTagsSchema.safeParse(raw);
    if (parsed.success) return normalized(parsed.data);
    log.log('warn', 'Stored tags were not valid; starting without tags', {
      issues: parsed.error.issues.length,
    });
    return { tags: [], accountTags: {} };
  };

  let current = load();

  /** Saves first, then changes and tells the listeners: a failed save changes nothing. */
  function commit(next: TagsState): TagsState {
    const clean = normalized(next);
    store.set(TAGS_KEY, clean);
    current = clean;
    for (const listener of [...listeners]) listener(copy(current));
    return copy(current);
  }

  function tagOf(tagId: string): Tag {
    const tag = current.tags.find((t) => t.id === tagId);
    if (!tag) throw failure('NOT_FOUND', { message: 'That tag no longer exists.' });
    return tag;
  }

  function checkName(name: string, exceptId: string | null): string {
    const trimmed = name.trim();
    if (trimmed.length < 1 || trimmed.length > tagRules.nameMaxLength) {
      throw failure('VALIDATION', {
        field: 'name',
        message: `A tag name has 1 to ${String(tagRules.nameMaxLength)} characters.`,
      });
    }
    const lower = trimmed.toLocaleLowerCase();
    if (current.tags.some((t) => t.id !== exceptId && t.name.toLocaleLowerCase() === lower)) {
      throw failure('VALIDATION', {
        field: 'name',
        message: `There is already a tag named “${trimmed}”. Choose another name.`,
      });
    }
    return trimmed;
  }

  function withAccounts(
    tagId: string,
    accountIds: readonly string[],
    change: (tags: Set<string>) => void,
  ): TagsState {
    tagOf(tagId);
    const known = new Set(options.accountIds());
    const accountTags = { ...current.accountTags };
    for (const accountId of accountIds) {
      if (!known.has(accountId)) continue;
      const tags = new Set(accountTags[accountId] ?? []);
      change(tags);
      accountTags[accountId] = [...tags];
    }
    return commit({ tags: current.tags, accountTags });
  }

  return {
    state: () => copy(current),
    create(name, color) {
      if (current.tags.length >= tagRules.maxTags) {
        throw failure('VALIDATION', {
          message: `Gramdeck keeps ${String(tagRules.maxTags)} tags at most. Delete one first.`,
        });
      }
      const tag: Tag = { id: newTagId(), name: checkName(name, null), color };
      return commit({ tags: [...current.tags, tag], accountTags: current.accountTags });
    },
    update(tagId, patch) {
      const tag = tagOf(tagId);
      const next: Tag = {
        ...tag,
        ...(patch.name === undefined ? {} : { name: checkName(patch.name, tagId) }),
        ...(patch.color === undefined ? {} : { color: patch.color }),
      };
      return commit({
        tags: current.tags.map((t) => (t.id === tagId ? next : t)),
        accountTags: current.accountTags,
      });
    },
    delete(tagId) {
      tagOf(tagId);
      return commit({
        tags: current.tags.filter((t) => t.id !== tagId),
        accountTags: current.accountTags,
      });
    },
    tag: (tagId, accountIds) =>
      withAccounts(tagId, accountIds, (tags) => {
        tags.add(tagId);
      }),
    untag: (tagId, accountIds) =>
      withAccounts(tagId, accountIds, (tags) => {
        tags.delete(tagId);
      }),
    tagIdsOf: (accountId) => [...(current.accountTags[accountId] ?? [])],
    forgetAccount(accountId) {
      if (!(accountId in current.accountTags)) return;
      const accountTags = Object.fromEntries(
        Object.entries(current.accountTags).filter(([id]) => id !== accountId),
      );
      commit({ tags: current.tags, accountTags });
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Only known tags, each once and in the tags' order; accounts without a tag are left out. */
function normalized(state: TagsState): TagsState {
  const order = state.tags.map((t) => t.id);
  const accountTags: Record<string, string[]> = {};
  for (const [accountId, ids] of Object.entries(state.accountTags)) {
    const kept = order.filter((id) => ids.includes(id));
    if (kept.length > 0) accountTags[accountId] = kept;
  }
  return { tags: state.tags.map((t) => ({ ...t })), accountTags };
}

function copy(state: TagsState): TagsState {
  return structuredClone(state);
}

/** The `tags:*` IPC handlers. */
export function createTagHandlers(tags: TagService) {
  return {
    'tags:list': () => Promise.resolve(tags.state()),
    'tags:create': ({ name, color }) => Promise.resolve(tags.create(name, color)),
    'tags:update': ({ tagId, name, color }) => Promise.resolve(tags.update(tagId, { name, color })),
    'tags:delete': ({ tagId }) => Promise.resolve(tags.delete(tagId)),
    'tags:tag': ({ tagId, accountIds }) => Promise.resolve(tags.tag(tagId, accountIds)),
    'tags:untag': ({ tagId, accountIds }) => Promise.resolve(tags.untag(tagId, accountIds)),
  } satisfies Pick<
    Handlers,
    'tags:list' | 'tags:create' | 'tags:update' | 'tags:delete' | 'tags:tag' | 'tags:untag'
  >;
}
