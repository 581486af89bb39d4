// The canaries: planted wherever a test needs a secret (settings, environment, Keychain, and every field
// that authenticates besides apiKey). The suite's teardown scans everything captured for each of them
// (test/global-setup.ts) and fails if one appears. Only the key has a key's shape: the others can be
// caught by nothing but RouteLights knowing where secrets sit.
export const CANARIES = {
  key: 'sk-rl-canary-7Q2w9E4r1T6y3U8i',
  header: 'hdr-canary-Zx81Qm44Tb',
  urlPassword: 'urlcanaryPw73Kd19Hs',
  marked: 'marked-canary-Lq52Vn08Jc',
} as const;

export const CANARY = CANARIES.key;
