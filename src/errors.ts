/** Every failure fanjian reports on purpose carries one of these codes. */
export type FanjianErrorCode =
  | 'UNKNOWN_CONFIG'
  | 'INVALID_OPTION'
  | 'INVALID_DICTIONARY'
  | 'DICTIONARY_DATA_MISSING'
  | 'DATA_NOT_LOADED'
  | 'INVALID_DATA'
  | 'UNSUPPORTED_FORMAT'
  | 'INVALID_DOCUMENT';

export interface FanjianErrorDetails {
  /** 1-based line of a malformed dictionary line. */
  line?: number;
  /** Name of the dictionary source (file name or `dictionaries[0]`). */
  source?: string;
  /** Valid values, for UNKNOWN_CONFIG and INVALID_OPTION. */
  expected?: readonly string[];
}

export class FanjianError extends Error {
  readonly code: FanjianErrorCode;
  readonly details: FanjianErrorDetails;

  constructor(code: FanjianErrorCode, message: string, details: FanjianErrorDetails = {}) {
    super(message);
    this.name = 'FanjianError';
    this.code = code;
    this.details = details;
  }
}
