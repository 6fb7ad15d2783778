'use strict';

// One trace channel per area: DEBUG=gateway:auth turns it on.
module.exports = require('debug')('gateway:auth');
