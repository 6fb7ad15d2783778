const enabled = process.env.FLEET_DEBUG === '1';

/** Prints a label and a JSON dump of `data` when FLEET_DEBUG=1. */
export const debugDump = (label: string, data: unknown): void => {
  if (enabled) {
    console.debug(`[fleet] ${label}`, JSON.stringify(data, null, 2));
  }
};
