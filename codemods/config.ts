// config: .env files and JSON manifests (placeholder; being written).
export const configTransform = {
  name: 'config',
  description: 'rewrite legacy base URLs in .env and JSON files; add DEVIN_ORG_ID next to the key variable',
};
