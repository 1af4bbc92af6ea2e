// v1 `status_enum` values and what they become on v3, where v3 splits the state into `status`
// (new, claimed, running, exit, error, suspended, resuming) and `status_detail` (working,
// waiting_for_user, waiting_for_approval, finished, …). Reference §3.4. A value with a `v3`
// maps one-to-one and a comparison can be rewritten; a value without one has no clean
// equivalent and the codemod marks the comparison with the note.

export interface StatusMapping {
  v1: string;
  /** The v3 field and value that mean the same, when one does. */
  v3?: { field: 'status' | 'status_detail'; value: string };
  note: string;
}

export const SESSION_STATUS_MAP: readonly StatusMapping[] = [
  { v1: 'working', v3: { field: 'status_detail', value: 'working' }, note: 'Devin is working' },
  { v1: 'blocked', v3: { field: 'status_detail', value: 'waiting_for_user' }, note: 'waiting for the user; v3 also has waiting_for_approval' },
  { v1: 'finished', v3: { field: 'status_detail', value: 'finished' }, note: 'the session finished' },
  { v1: 'expired', note: 'no single v3 value: an expired session is suspended (status `suspended`, status_detail e.g. `inactivity`)' },
  { v1: 'suspend_requested', note: 'no v3 equivalent: check status === `suspended` instead' },
  { v1: 'suspend_requested_frontend', note: 'no v3 equivalent: check status === `suspended` instead' },
  { v1: 'resume_requested', note: 'no v3 equivalent: check status === `resuming` instead' },
  { v1: 'resume_requested_frontend', note: 'no v3 equivalent: check status === `resuming` instead' },
  { v1: 'resumed', note: 'no v3 equivalent: check status === `running` instead' },
];

export function statusMapping(v1: string): StatusMapping | undefined {
  return SESSION_STATUS_MAP.find((m) => m.v1 === v1);
}
