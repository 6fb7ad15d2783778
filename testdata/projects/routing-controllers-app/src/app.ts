import 'reflect-metadata';
import { createKoaServer } from 'routing-controllers';
import { settings } from './config';
import { SessionController } from './controllers/SessionController';
import { TelemetryController } from './controllers/TelemetryController';
import { DispatchController } from './controllers/DispatchController';

const app = createKoaServer({
  routePrefix: '/api',
  controllers: [SessionController, TelemetryController, DispatchController],
  defaultErrorHandler: true,
});

app.listen(settings.port, () => {
  console.log(`fleet-api listening on :${settings.port}`);
});
