#!/usr/bin/env node
// Entry point of the `launchcrew` command. The source is TypeScript run by Node's type
// stripping, so Node >= 22.18 is required; say so clearly on older versions.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `launchcrew needs Node.js 22.18 or newer (24 recommended); this is ${process.version}.\n` +
      'Run scripts/node24.sh launchcrew … to use a cached Node 24.\n',
  );
  process.exit(1);
}
await import('../src/cli/main.ts');
