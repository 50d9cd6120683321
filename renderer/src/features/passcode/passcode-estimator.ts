/**
 * The heavy half of the passcode strength check: zxcvbn-ts with its common and English
 * dictionaries (about a megabyte). Only passcode-strength.ts imports this module, and only with
 * a dynamic import, so it is a chunk of its own that loads when a new-passcode form appears.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

/** What the estimator says about one passcode. */
export interface PasscodeEstimate {
  /** zxcvbn's score: 0 (guessable in under a thousand tries) to 4 (over 10^10 tries). */
  score: 0 | 1 | 2 | 3 | 4;
  warning: string | null;
  suggestions: string[];
}

/** Words that make a passcode easier to guess for someone who knows it is Gramdeck's. */
const contextWords = ['gramdeck', 'telegram', 'passcode', 'password', 'recovery'];

/**
 * Past this length, the first part is estimated: matching is quadratic in the length and the
 * score is already at its maximum long before.
 */
export const MAX_ESTIMATED_LENGTH = 100;

export function createPasscodeEstimator(): (passcode: string) => PasscodeEstimate {
  // Levenshtein matching (near-misses of common passwords) costs hundreds of milliseconds per
  // check, too slow for an estimate shown while typing.
  const zxcvbn = new ZxcvbnFactory({
    translations: english.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...english.dictionary },
    useLevenshteinDistance: false,
  });
  return (passcode) => {
    const result = zxcvbn.check(passcode.slice(0, MAX_ESTIMATED_LENGTH), contextWords);
    return {
      score: result.score,
      warning: result.feedback.warning,
      suggestions: result.feedback.suggestions,
    };
  };
}
