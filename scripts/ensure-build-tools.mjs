// npm preinstall: aws-lambda-ric (the real Lambda runtime interface client, a dev
// dependency for the Lambda host's runtime mode) compiles native code during install
// and needs autoconf, automake and libtool. On Debian or Ubuntu as root, install them;
// elsewhere say what to do. Plain JavaScript: this runs on the machine's own Node
// (which may be 20) before the project's Node 22 is installed.
import { execFileSync, spawnSync } from 'node:child_process';

// Only for this repository's own install: as someone else's dependency, do nothing.
const isRootInstall = process.env.INIT_CWD === undefined || process.env.INIT_CWD === process.cwd();

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const missing = isRootInstall ? ['autoreconf', 'automake', 'libtoolize'].filter((command) => !has(command)) : [];

if (missing.length > 0) {
  const canInstall = process.getuid?.() === 0 && has('apt-get');
  if (canInstall) {
    console.log('bedrock-emulator: installing autoconf automake libtool (needed to build aws-lambda-ric)');
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'autoconf', 'automake', 'libtool'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } else {
    console.warn(
      `bedrock-emulator: ${missing.join(', ')} not found. aws-lambda-ric builds native code and needs autoconf, automake and libtool: ` +
        'install them (apt-get install autoconf automake libtool, or brew install autoconf automake libtool) and run npm ci again.',
    );
  }
}
