// The planner: inventory (+ scan, + config) -> plan. Pure computation; `apply` lives in src/provision.
export { buildPlan, hasPendingChanges, isEnterpriseAdmin, type BuildPlanInput } from './build.js';
export { parsePlanConfig, readPlanConfig, ttlSeconds, type PlanConfig, type PlanConfigInput } from './config.js';
export { diffFacts, factsHash, stateFacts, sha256, canonicalJson } from './fingerprint.js';
export { planFromFiles, recordedPath, type PlanFilesOptions } from './from-files.js';
export { renderPlanMarkdown } from './markdown.js';
export { DEFAULT_NAME_TEMPLATE, serviceUserName, serviceUserNames, type Grouping } from './naming.js';
