// Server-rendered operations dashboard for the keys API. The Koa app pulls
// metrics and key-rotation status from internal services and renders them
// with React.
import https from 'node:https';
import Koa from 'koa';
import Router from '@koa/router';
import fetch from 'node-fetch';
import { Agent as UndiciAgent, fetch as undiciFetch } from 'undici';
import { renderToString } from 'react-dom/server';
import { settings } from './settings.js';

type Metric = { name: string; value: number };
type RotationStatus = { keyId: string; rotatedAt: string; overdue: boolean };

const isLocal = process.env.APP_ENV === 'local';
const DEBUG_TLS = process.env.DEBUG_TLS === '1';

// expect: tls-verification-disabled
const metricsAgent = new https.Agent({ keepAlive: true, rejectUnauthorized: !isLocal });

const rotationAgentOptions = { keepAlive: true, ca: settings.rotation.ca } as https.AgentOptions;
if (DEBUG_TLS) {
  // expect: tls-verification-disabled
  rotationAgentOptions.rejectUnauthorized = false;
}
const rotationAgent = new https.Agent(rotationAgentOptions);

const alertsDispatcher = new UndiciAgent({
  connect: {
    ca: settings.alerts.ca,
    // expect: tls-verification-disabled
    rejectUnauthorized: (process.env.DASHBOARD_TLS_VERIFY ?? 'true') === 'true',
  },
});

const statusDispatcher = new UndiciAgent({
  connect: {
    ca: settings.status.ca,
    // expect: tls-verification-disabled
    checkServerIdentity: () => undefined,
  },
});

const auditDispatcher = new UndiciAgent({
  connect: {
    ca: settings.audit.ca,
    // expect: tls-verification-disabled
    rejectUnauthorized: !settings.dashboard!.unsafeTls,
  },
});

// Look-alikes below.

const inventoryAgent = new https.Agent({
  ca: settings.inventory.ca,
  // ok: tls-verification-disabled
  rejectUnauthorized: true,
});

async function loadMetrics(): Promise<Metric[]> {
  const res = await fetch(`${settings.metrics.baseURL}/v1/summary`, { agent: metricsAgent });
  return (await res.json()) as Metric[];
}

async function loadRotation(): Promise<RotationStatus[]> {
  const res = await fetch(`${settings.rotation.baseURL}/v1/status`, { agent: rotationAgent });
  return (await res.json()) as RotationStatus[];
}

async function loadInventory(): Promise<number> {
  const res = await fetch(`${settings.inventory.baseURL}/v1/count`, { agent: inventoryAgent });
  const { count } = (await res.json()) as { count: number };
  return count;
}

async function loadAlerts(): Promise<string[]> {
  const res = await undiciFetch(`${settings.alerts.baseURL}/v1/open`, { dispatcher: alertsDispatcher });
  return (await res.json()) as string[];
}

function Hint({ text }: { text: string }) {
  return <code className="hint">{text}</code>;
}

function TlsSettingsRow(props: { label: string; rejectUnauthorized: boolean }) {
  return (
    <tr>
      <th>{props.label}</th>
      <td>{props.rejectUnauthorized ? 'verified' : 'NOT verified'}</td>
    </tr>
  );
}

const byName = <T extends { name: string },>(items: T[]): T[] =>
  [...items].sort((a, b) => a.name.localeCompare(b.name));

function Dashboard(props: { metrics: Metric[]; rotation: RotationStatus[]; inventory: number; alerts: string[] }) {
  const overdue = props.rotation.filter((r) => r.overdue);
  return (
    <html>
      <body>
        <h1>Keys API</h1>
        <p>{props.inventory} keys under management</p>
        <ul>
          {byName(props.metrics).map((m) => (
            <li key={m.name}>
              {m.name}: {m.value}
            </li>
          ))}
        </ul>
        <p>{overdue.length} keys overdue for rotation</p>
        <p>{props.alerts.length} open alerts</p>
        <table>
          <tbody>
            <TlsSettingsRow
              label="metrics upstream"
              // ok: tls-verification-disabled
              rejectUnauthorized={false}
            />
            <TlsSettingsRow
              label="inventory upstream"
              // ok: tls-verification-disabled
              rejectUnauthorized={inventoryAgent.options.rejectUnauthorized !== false}
            />
          </tbody>
        </table>
        <Hint
          // ok: tls-verification-disabled
          text="Never ship rejectUnauthorized: false or NODE_TLS_REJECT_UNAUTHORIZED=0"
        />
      </body>
    </html>
  );
}

const app = new Koa();
const router = new Router();

router.get('/ops', async (ctx) => {
  const [metrics, rotation, inventory, alerts] = await Promise.all([
    loadMetrics(),
    loadRotation(),
    loadInventory(),
    loadAlerts(),
  ]);
  ctx.type = 'html';
  ctx.body = '<!doctype html>' + renderToString(<Dashboard metrics={metrics} rotation={rotation} inventory={inventory} alerts={alerts} />);
});

router.get('/ops/tls', (ctx) => {
  ctx.body = {
    // ok: tls-verification-disabled
    metricsVerified: metricsAgent.options.rejectUnauthorized === true,
    // ok: tls-verification-disabled
    rotationVerified: rotationAgentOptions.rejectUnauthorized ?? 'default',
  };
});

app.use(router.routes());

export { app, auditDispatcher, statusDispatcher };
