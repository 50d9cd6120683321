import type { ReactNode } from 'react';
import type { RestoreProgress as Progress } from '../../../../electron/shared/dto';

/** "Restoring accounts: 3 of 10" while saved accounts reconnect at startup. */
export function RestoreProgress(props: { restore: Progress | null }): ReactNode {
  const { restore } = props;
  if (restore === null) return null;
  const done = restore.restored + restore.failed;
  return (
    <div className="restore-progress" role="status">
      <p>
        Restoring accounts: {done} of {restore.total}
        {restore.failed > 0 ? ` (${restore.failed} could not connect)` : ''}
      </p>
      <progress max={Math.max(1, restore.total)} value={done} aria-label="Restoring accounts" />
    </div>
  );
}
