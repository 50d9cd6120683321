import type { ReactNode } from 'react';
import type { AccountSummary } from '../../../electron/shared/dto';

const PALETTE_SIZE = 8;

/** The profile photo (a data: URL) or initials on one of eight colours. Decorative: names are shown next to it. */
export function Avatar(props: {
  account: Pick<AccountSummary, 'avatar' | 'initials' | 'colorIndex'>;
  size?: 'small' | 'large';
}): ReactNode {
  const { avatar, initials, colorIndex } = props.account;
  const size = props.size ?? 'small';
  if (avatar !== null) {
    return <img className={`avatar avatar-${size}`} src={avatar} alt="" aria-hidden="true" />;
  }
  const colour = ((colorIndex % PALETTE_SIZE) + PALETTE_SIZE) % PALETTE_SIZE;
  return (
    <span className={`avatar avatar-${size} avatar-colour-${colour}`} aria-hidden="true">
      {initials}
    </span>
  );
}
