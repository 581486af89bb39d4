// The canary key: planted wherever a test needs a key value (settings, environment, Keychain). The
// suite's teardown scans everything captured for it (test/global-setup.ts) and fails if it appears.
export const CANARY = process.env.ROUTELIGHTS_TEST_CANARY ?? 'sk-rl-canary-7Q2w9E4r1T6y3U8i';
