const express = require('express');
const Fastify = require('fastify');
const fastifyExpress = require('@fastify/express');
const legacy = require('./routes/legacy');
const users = require('./routes/users');

const app = Fastify();

const expressCompat = express.Router();
// TODO(express-to-fastify): E2F102 routes and middleware on expressCompat still run on Express (@fastify/express). The handler uses the Express response in a way the tool cannot rewrite; port it by hand.
app.register(fastifyExpress).after(() => app.use(expressCompat));

app.get('/health', async (request, reply) => {
  return { ok: true };
});

app.get('/orders/:id', async (request, reply) => {
  const token = request.get('authorization');
  if (!token) {
    return reply.status(401).json({ error: 'unauthorized' });
  }
  return { id: request.params.id };
});

app.register(users, { prefix: '/users' });

// TODO(express-to-fastify): E2F102 uses res in a way Fastify has no equivalent for: res.write('id,total\n'). The handler uses the Express response in a way the tool cannot rewrite; port it by hand.
expressCompat.get('/export', (req, res) => {
  res.write('id,total\n');
  res.end();
});

expressCompat.use('/legacy', legacy);

app.listen({ port: 3000, host: '::' });
