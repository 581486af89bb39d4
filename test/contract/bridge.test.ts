// The contract suite through the HTTP bridge and its client (the one the window uses in a browser).
import { BridgeMetrics } from '../../app/bridge/metrics.ts';
import { createHttpApi } from '../../app/bridge/client.ts';
import { startBridge } from '../../app/bridge/server.ts';
import { contractSuite } from './api-contract.ts';

contractSuite('HTTP bridge', async ({ service }) => {
  const bridge = await startBridge({ api: service, token: 'contract-token-0123456789', staticDir: null, metrics: new BridgeMetrics() });
  const api = createHttpApi(bridge.url, 'contract-token-0123456789');
  return {
    api,
    close: async () => {
      api.close();
      await bridge.close();
    },
  };
});
