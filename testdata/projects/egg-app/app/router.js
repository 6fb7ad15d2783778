'use strict';

module.exports = app => {
  const { router, controller } = app;
  router.get('/api/orders', controller.order.index);
  router.get('/api/orders/:id', controller.order.show);
  router.post('/api/token', controller.order.token);
  router.post('/api/partner/orders', controller.order.partnerCreate);
};
