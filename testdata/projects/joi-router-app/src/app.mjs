import Koa from 'koa';
import config from './config.cjs';
import invites from './routes/invites.mjs';

const app = new Koa();

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = err.status || 500;
    ctx.body = { error: ctx.status < 500 ? err.message : 'internal error' };
  }
});

app.use(invites.middleware());

app.listen(config.port);
