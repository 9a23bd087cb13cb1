import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import users from './routes/users.js';
import { loadForecast } from './weather.js';

const app = Fastify();
await app.register(cookie);

app.addHook('onRequest', (request, reply, done) => {
  reply.header('X-App', 'shop');
  done();
});

// Parameters may keep Express's names: `res` is the Fastify reply here, and `send` is Fastify's.
app.get('/health', async (req, res) => {
  res.send({ ok: true });
  return res;
});

app.get('/weather', async (request, reply) => {
  const res = await loadForecast(request.query.city);
  return res.json();
});

app.get('/old', async (request, reply) => reply.redirect('/new', 301));

app.post('/login', async (request, reply) => {
  reply.status(204).setCookie('session', 'abc', { path: '/' });
  return reply.send();
});

app.setErrorHandler(async (error, request, reply) => {
  reply.code(error.statusCode ?? 500);
  return { error: error.message, url: request.url };
});

app.register(users, { prefix: '/users' });

await app.listen({ port: 3000, host: '::' });
