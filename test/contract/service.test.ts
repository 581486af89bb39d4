// The contract suite against the service itself, in-process.
import { contractSuite } from './api-contract.ts';

contractSuite('in-process service', async ({ service }) => ({ api: service, close: async () => undefined }));
