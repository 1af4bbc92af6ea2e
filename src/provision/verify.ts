// Owned by the verify/revoke helper; apply's helper: do not implement these.
// Verification of provisioned service users (GET /v3/self per token, usage evidence).
export {};
