import type { Control } from './control';
import type { DcConnection } from './connection';
import type { MsgIdGenerator } from './msg-id';
import type { DcRsaKey } from './rsa';
import type { AccountStore } from './store';

/** Address of one DC. */
export interface DcEndpoint {
  id: number;
  host: string;
  port: number;
}

/** Everything a connection and the RPC handlers of one DC need. */
export interface DcRuntime {
  id: number;
  host: string;
  port: number;
  store: AccountStore;
  rsa: DcRsaKey;
  smallPrimes: boolean;
  msgIds: MsgIdGenerator;
  control: Control;
  connections: Set<DcConnection>;
  /** All DCs of the sandbox (for help.getConfig and migrations). */
  allDcs(): DcEndpoint[];
  /** Human-readable diagnostics (stderr in the CLI). */
  log(line: string): void;
}
