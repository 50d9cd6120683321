/**
 * What a restore child (restore-child.ts) and the restore bench (restore-bench.ts) say to each
 * other over IPC, in a module of its own: importing the child would run it.
 */
import type { CustomServerProfile } from '../../../electron/shared/server-profile';

/** What the child reports once all accounts are online. */
export interface RestoreOnline {
  kind: 'online';
  /** How many accounts came online: all of them, unless the time limit ended the restore. */
  online: number;
  wallMs: number;
  /** This process's CPU (user + system, all threads) from the start of the restore to online. */
  cpuMs: number;
  lagP50: number;
  lagP99: number;
  lagMax: number;
  /** DC calls by method from the start of the restore to all online (`countDcCalls`). */
  calls: DcCalls;
}

/** What the child reports last. */
export interface RestoreMemory {
  kind: 'result';
  rssBeforeMb: number;
  rssAfterMb: number;
  /** DC calls by method from the start of the restore until the calls went quiet. */
  callsUntilQuiet: DcCalls;
  /** From all online until no call but pings for `quietMs` (or the cap). */
  quietAfterMs: number;
}

/** How many requests of each method (`users.GetUsers`) the process sent to the DC. */
export type DcCalls = Record<string, number>;

/** The file `--sessions` names: what a bare GramJS user keeps of each account. */
export interface BareSessions {
  profile: CustomServerProfile;
  sessions: string[];
}

/** The vault's keychain name for `fixedKeychain`, shared by the parent that writes the vault. */
export const restoreKeychainName = 'gramdeck-bench-restore';
