// The only links RouteLights opens in the user's browser: documentation of Droid and of the surfaces it
// routes through, over https, with no credentials in the URL. Anything else a page asks to open is refused.
export const DOCUMENTATION_HOSTS: readonly string[] = ['docs.factory.ai', 'docs.litellm.ai', 'github.com', 'docs.z.ai', 'platform.moonshot.ai', 'platform.kimi.com'];

export function isDocumentationUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  return parsed.protocol === 'https:' && !parsed.username && !parsed.password && !parsed.port && DOCUMENTATION_HOSTS.includes(parsed.hostname);
}
