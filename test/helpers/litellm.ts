// A real LiteLLM proxy (pinned, from .tools/litellm) on a loopback port with a random master key and
// offline models from its config: `mock_response` aliases, and aliases forwarding to a local stub.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, stopChild, tool, waitForHttp } from './tools.ts';

export interface LiteLlm {
  port: number;
  url: string;
  masterKey: string;
  stop: () => Promise<void>;
  log: () => string;
}

export type LiteLlmModel =
  | { alias: string; mock: string }
  | { alias: string; forwardTo: string; upstreamModel: string };

function yaml(models: LiteLlmModel[]): string {
  const lines = ['model_list:'];
  for (const m of models) {
    lines.push(`  - model_name: ${JSON.stringify(m.alias)}`, '    litellm_params:');
    if ('mock' in m) {
      lines.push('      model: azure/gpt-55-deployment', '      api_key: unused', '      api_base: https://example-resource.openai.azure.com/', '      api_version: "2024-10-21"', `      mock_response: ${JSON.stringify(m.mock)}`);
    } else {
      lines.push(`      model: ${JSON.stringify(`openai/${m.upstreamModel}`)}`, `      api_base: ${JSON.stringify(m.forwardTo)}`, '      api_key: unused');
    }
  }
  return `${lines.join('\n')}\n`;
}

export async function startLiteLlm(dir: string, models: LiteLlmModel[]): Promise<LiteLlm> {
  const port = await freePort();
  const masterKey = `sk-${randomBytes(16).toString('hex')}`;
  const config = join(dir, 'litellm.yaml');
  writeFileSync(config, yaml(models));
  let output = '';
  const child: ChildProcess = spawn(tool('litellm/bin/litellm', 'ROUTELIGHTS_TEST_LITELLM'), ['--config', config, '--host', '127.0.0.1', '--port', String(port), '--num_workers', '1'], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, LITELLM_MASTER_KEY: masterKey, LITELLM_LOCAL_MODEL_COST_MAP: 'True', NO_PROXY: '*', DISABLE_SCHEMA_UPDATE: 'True' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  try {
    await waitForHttp(`http://127.0.0.1:${port}/health/liveliness`, 120_000, () => child.exitCode === null);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${output.slice(-2000)}`, { cause: error });
  }
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    masterKey,
    log: () => output,
    // LiteLLM may start workers: the whole process group ends.
    stop: () => stopChild(child, { group: true, graceMs: 5_000 }),
  };
}
