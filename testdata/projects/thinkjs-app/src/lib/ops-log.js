const winston = require('winston');

// Operations log, collected by the log shipper from stdout.
const ops = winston.createLogger({
  level: process.env.OPS_LOG_LEVEL || 'info',
  format: winston.format.json(),
  transports: [new winston.transports.Console()],
});

module.exports = ops;
