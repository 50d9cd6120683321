import { type ReactNode, useState } from 'react';
import type { SettingsDamage, VaultAttention } from '../../../electron/shared/dto';
import { useAppData } from '../state/app-data';

interface AttentionItem {
  /** The damaged file, which also keys the item. */
  file: string;
  text: string;
}

function settingsText(damage: SettingsDamage): string {
  return (
    `The settings file ${damage.file} was damaged, so Gramdeck started with default settings. ` +
    `The damaged file was kept as ${damage.movedTo}.`
  );
}

function vaultText(item: VaultAttention): string {
  switch (item.problem) {
    case 'corrupt-restored-from-backup':
      return `${item.file} was damaged and was restored from its backup. The damaged file was kept as ${item.movedTo}.`;
    case 'corrupt-no-backup':
      return `${item.file} was damaged and had no usable backup. It was kept as ${item.movedTo}.`;
    case 'unreadable':
      return item.movedTo === item.file
        ? `${item.file} could not be read by this version of Gramdeck; it was left as it is.`
        : `${item.file} could not be read. It was kept as ${item.movedTo}.`;
    case 'wrong-key':
      return `The key in ${item.file} opens none of the saved sign-ins: the file may have been replaced. Nothing was moved or deleted. Put the original ${item.file} back and restart Gramdeck.`;
    case 'plain-key-refused':
      return `${item.file} holds an unprotected key although this system has a keychain, so Gramdeck refused it as possibly forged. Nothing was moved or deleted.`;
  }
}

/**
 * Files found damaged at start-up and what was done about them: the settings file (from
 * `app:info`) and the vault's files (from `vault:status`). Shown over every screen, since a reset
 * settings file also sends the user back to first run; each item can be dismissed.
 */
export function AttentionBanner(): ReactNode {
  const { info, vault } = useAppData();
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const items: AttentionItem[] = [
    ...(info.settingsDamage === null
      ? []
      : [{ file: info.settingsDamage.file, text: settingsText(info.settingsDamage) }]),
    ...vault.attention.map((item) => ({ file: item.file, text: vaultText(item) })),
  ].filter((item) => !dismissed.has(item.file));
  if (items.length === 0) return null;
  return (
    <aside className="attention-area" aria-label="Needs your attention">
      {items.map((item) => (
        <div key={item.file} className="attention" role="status">
          <p className="attention-message">{item.text}</p>
          <button
            type="button"
            className="button-quiet"
            onClick={() => {
              setDismissed((current) => new Set([...current, item.file]));
            }}
          >
            Dismiss
          </button>
        </div>
      ))}
    </aside>
  );
}
