// Owned by the verify/revoke helper; apply's helper: do not implement these.
// Revocation of legacy keys whose replacement is verified and in use.
export {};
