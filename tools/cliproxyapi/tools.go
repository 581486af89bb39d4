//go:build tools

package tools

import _ "github.com/router-for-me/CLIProxyAPI/v7/cmd/server"
