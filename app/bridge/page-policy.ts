// The window's content security policy, written once: the page states it in a meta tag (renderer/
// index.html, which a test holds equal to this, so it also binds the window Electron loads from a file),
// and the bridge sends it as a header with what only a header can say: no site may frame the window.
export const PAGE_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'";

export const HEADER_CSP = `${PAGE_CSP}; frame-ancestors 'none'`;
