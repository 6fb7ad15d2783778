import bunyan from 'bunyan';

// Product analytics feed: every invite-related event ends up in the warehouse.
const activity = bunyan.createLogger({ name: 'team-invites', stream: process.stdout, level: 'info' });

export default activity;
