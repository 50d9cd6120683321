/** Tags and which accounts carry them (issue 15): `tags:list`, then `tags:changed`. */
import { useEffect, useState } from 'react';
import type { TagsState } from '../../../../electron/shared/bulk-dto';
import { invoke } from '../../lib/call';
import { useEvent } from '../../lib/use-event';

export const noTags: TagsState = { tags: [], accountTags: {} };

export function useTags(): [TagsState, (state: TagsState) => void] {
  const [tags, setTags] = useState<TagsState>(noTags);
  useEffect(() => {
    let isCurrent = true;
    void invoke('tags:list').then((result) => {
      if (isCurrent && result.ok) setTags(result.value);
    });
    return () => {
      isCurrent = false;
    };
  }, []);
  useEvent('tags:changed', setTags);
  return [tags, setTags];
}
