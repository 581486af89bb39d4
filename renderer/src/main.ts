// The settings window's entry point. It will talk only to RouteLightsApi (IPC or the HTTP bridge); the
// React window itself arrives with the settings-window issue.
document.title = 'RouteLights';
