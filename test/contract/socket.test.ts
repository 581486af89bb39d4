// The contract suite through the app's Unix socket and the CLI's client for it (what `routelights`
// uses when the menu bar app or `serve` is running for the same settings file).
import { socketApi } from '../../app/bridge/socket-client.ts';
import { startSocketBridge } from '../../app/bridge/socket-server.ts';
import { socketPathFor } from '../../app/bridge/socket-path.ts';
import { contractSuite } from './api-contract.ts';

contractSuite('Unix socket', async ({ service, dataDir, settingsPath }) => {
  const socket = await startSocketBridge(service, socketPathFor(dataDir, settingsPath));
  const api = socketApi(socket.path);
  return {
    api,
    close: async () => {
      api.close();
      await socket.close();
    },
  };
});
