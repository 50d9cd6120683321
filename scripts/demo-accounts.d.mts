/** The parts of the test DC's `listening` line that the demo's account list reads. */
export interface DemoListening {
  accounts: {
    phone: string;
    firstName?: string;
    dc: number;
    codeTypes?: string[];
    loginEmail?: string;
    password?: string;
    hint?: string;
    recoveryEmail?: string;
  }[];
  floodRules?: { phone: string; method: string; error: string; afterCalls?: number }[];
}

export function demoAccountLines(listening: DemoListening): string[];
