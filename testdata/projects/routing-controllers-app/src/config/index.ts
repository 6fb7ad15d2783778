export const settings = {
  port: Number(process.env.PORT ?? 3000),
  jwt: {
    issuer: 'fleet-api',
    // Key of the dispatch console's tokens; only ever read from the environment.
    consoleKey: process.env.CONSOLE_JWT_KEY ?? '',
  },
  telemetry: {
    ingestKey: process.env.TELEMETRY_INGEST_KEY,
  },
};
